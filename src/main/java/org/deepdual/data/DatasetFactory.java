package org.deepdual.data;

import java.util.List;
import org.deepdual.data.GeneratorDescription.Parameter;

/**
 * Builds the {@link Dataset} a {@link DatasetSpec} names: runs its generator or loader, then the
 * preprocessing in a fixed order (center, scale, whiten, bias column), each step recorded in the
 * fingerprint. Equal fingerprints mean equal data bit for bit: a generated set's fingerprint holds
 * the generator, its version, every parameter that affects the data and the seed; a loaded set's
 * holds the SHA-256 of its files and the subsample. (Whitening goes through LAPACK, so its last bits
 * are those of the LAPACK in use.)
 */
public final class DatasetFactory {
    private static final Parameter N = new Parameter("n", "samples");
    private static final Parameter D = new Parameter("d", "features");
    private static final Parameter SEED = new Parameter("seed", "seed of java.util.Random; same seed, same bits");
    private static final Parameter TARGETS = new Parameter("targets",
            "linear: Y = XW + noise·E (W Gaussian, scaled so XW has unit variance); signed: ±1, both signs,"
                    + " balanced; onehot: K balanced classes, labels kept");
    private static final Parameter OUTPUTS = new Parameter("outputs", "columns K of linear targets");
    private static final Parameter CLASSES = new Parameter("classes", "classes K of onehot targets (default outputs)");
    private static final Parameter NOISE = new Parameter("noise", "std of the noise E of linear targets (default "
            + DatasetSpec.DEFAULT_NOISE + ")");
    private static final Parameter PREPROCESS = new Parameter("center, scale, whiten, bias_column",
            "preprocessing, applied in this order (every data set)");
    private static final Parameter LABELLED_TARGETS = new Parameter("targets",
            "onehot (linear, the default, means onehot for labelled data) or signed (2 classes: class 1 → +1)");
    private static final Parameter SUBSAMPLE = new Parameter("per_class, n, seed",
            "class-balanced subsample of per_class rows per class, or n rows uniformly; seeded");

    private DatasetFactory() {
    }

    /** The data set the spec names, preprocessed; bad specs and bad files throw IllegalArgumentException. */
    public static Dataset build(DatasetSpec spec) {
        if (!spec.generator().equals("idx") && !spec.generator().equals("csv")) {
            SpecFields.refuseFileFields(spec);
        }
        refuseForeignFields(spec);
        Dataset data = switch (spec.generator()) {
            case "gaussian" -> GaussianRegression.generate(spec);
            case "whitened" -> WhitenedData.generate(spec);
            case "rank-one" -> RankOneData.generate(spec);
            case "one-d" -> OneDimensionalData.generate(spec);
            case "mixture" -> GaussianMixture.generate(spec);
            case "idx" -> IdxDataset.load(spec);
            case "csv" -> CsvDataset.load(spec);
            default -> throw new IllegalArgumentException("data '" + spec.name() + "': unknown generator '"
                    + spec.generator() + "'");
        };
        if (spec.center()) {
            data = Preprocessing.center(data);
        }
        if (spec.scale()) {
            data = Preprocessing.scale(data);
        }
        if (spec.whiten()) {
            data = Preprocessing.whiten(data);
        }
        if (spec.biasColumn()) {
            data = Preprocessing.appendBiasColumn(data);
        }
        return data;
    }

    /** Every generator and loader with the spec keys it reads. */
    public static List<GeneratorDescription> generators() {
        return List.of(
                new GeneratorDescription("gaussian", "X with i.i.d. N(0,1) entries; linear-plus-noise targets",
                        List.of(N, D, TARGETS, OUTPUTS, CLASSES, NOISE, SEED, PREPROCESS)),
                new GeneratorDescription("whitened", "X with orthonormal rows, XXᵀ = I (n <= d), Haar-random",
                        List.of(N, D, TARGETS, OUTPUTS, CLASSES, NOISE, SEED, PREPROCESS)),
                new GeneratorDescription("rank-one", "X = c aᵀ, c ~ N(0, I_n), a ~ N(0, I_d/d)",
                        List.of(N, D, TARGETS, OUTPUTS, CLASSES, NOISE, SEED, PREPROCESS)),
                new GeneratorDescription("one-d",
                        "scalar inputs x uniform on [-1, 1); X is n×1 ([x, 1] with bias_column)",
                        List.of(N, new Parameter("sorted", "sort x ascending"), TARGETS, OUTPUTS, CLASSES, NOISE,
                                SEED, PREPROCESS)),
                new GeneratorDescription("mixture", "K Gaussian classes N(μ_k, I_d), one-hot labels",
                        List.of(N, D, new Parameter("classes", "K (default outputs)"),
                                new Parameter("class_sizes", "size of each class (default balanced from n)"),
                                new Parameter("separation", "distance between class means in within-class stds"
                                        + " (default " + DatasetSpec.DEFAULT_SEPARATION + ")"),
                                LABELLED_TARGETS, SEED, PREPROCESS)),
                new GeneratorDescription("idx", "IDX images and labels (Fashion-MNIST, MNIST), pixels scaled to [0, 1]",
                        List.of(new Parameter("path", "MNIST-layout directory, or an images-idx3 file"),
                                new Parameter("split", "train (default) or test"),
                                new Parameter("classes", "K; every label must be below it (default max label + 1)"),
                                SUBSAMPLE, LABELLED_TARGETS, PREPROCESS)),
                new GeneratorDescription("csv", "numeric CSV file, one sample per row",
                        List.of(new Parameter("path", "the file"),
                                new Parameter("header", "true/false (default: detected from the first row)"),
                                new Parameter("label_column", "column of integer labels 0..K-1 (0-based, -1 = last);"
                                        + " without it the last `outputs` columns are Y"),
                                new Parameter("outputs", "columns of Y when there is no label_column"),
                                SUBSAMPLE, LABELLED_TARGETS, PREPROCESS)));
    }

    /** Keys that belong to another generator are refused rather than silently ignored. */
    private static void refuseForeignFields(DatasetSpec spec) {
        String g = spec.generator();
        if (spec.sorted() && !g.equals("one-d")) {
            throw SpecFields.bad(spec, "sorted applies to generator one-d only, not " + g);
        }
        if (!spec.classSizes().isEmpty() && !g.equals("mixture")) {
            throw SpecFields.bad(spec, "class_sizes applies to generator mixture only, not " + g);
        }
        if ((spec.header().isPresent() || spec.labelColumn().isPresent()) && !g.equals("csv")) {
            throw SpecFields.bad(spec, (spec.header().isPresent() ? "header" : "label_column")
                    + " applies to generator csv only, not " + g);
        }
        if (spec.split().isPresent() && !g.equals("idx")) {
            throw SpecFields.bad(spec, "split applies to generator idx only, not " + g);
        }
    }
}
