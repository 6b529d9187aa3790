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
    private static final Parameter SEED = new Parameter("seed", "seed of java.util.Random: same seed, same bits");
    private static final Parameter GENERATED_TARGETS = new Parameter("targets, outputs, classes, noise",
            "generated targets, see below");
    private static final Parameter LABELLED_TARGETS = new Parameter("targets",
            "onehot (linear, the default, reads as onehot for labelled data) or signed (2 classes: class 1 is +1)");
    private static final Parameter SUBSAMPLE = new Parameter("per_class, n, seed",
            "seeded subsample: per_class rows of every class, or n rows uniformly");

    private DatasetFactory() {
    }

    /**
     * The data set the spec names, preprocessed; bad specs and bad files throw IllegalArgumentException.
     * Tables (parquet, orc, libsvm) need a reader: see {@link #build(DatasetSpec, TableSource)}.
     */
    public static Dataset build(DatasetSpec spec) {
        return build(spec, TableSource.NONE);
    }

    /** As {@link #build(DatasetSpec)}, reading table data sets through {@code tables}. */
    public static Dataset build(DatasetSpec spec, TableSource tables) {
        if (!DatasetSpec.FILES.contains(spec.generator())) {
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
            case "parquet", "orc", "libsvm" -> TableDataset.load(spec, tables);
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

    /** Every generator and loader with the spec keys it reads (besides the preprocessing keys). */
    public static List<GeneratorDescription> generators() {
        return List.of(
                new GeneratorDescription("gaussian", "X with i.i.d. N(0, 1) entries",
                        List.of(N, D, GENERATED_TARGETS, SEED)),
                new GeneratorDescription("whitened", "X with orthonormal rows, XX^T = I (n <= d), Haar-random",
                        List.of(N, D, GENERATED_TARGETS, SEED)),
                new GeneratorDescription("rank-one", "X = c a^T with c ~ N(0, I_n), a ~ N(0, I_d/d)",
                        List.of(N, D, GENERATED_TARGETS, SEED)),
                new GeneratorDescription("one-d", "scalar inputs x uniform on [-1, 1), X is n x 1",
                        List.of(N, new Parameter("sorted", "sort x ascending (default false)"), GENERATED_TARGETS,
                                SEED)),
                new GeneratorDescription("mixture", "K Gaussian classes N(mu_k, I_d) with one-hot labels",
                        List.of(N, D, new Parameter("classes", "K (default outputs)"),
                                new Parameter("class_sizes", "size of each class (default: n split evenly)"),
                                new Parameter("separation", "distance between class means in within-class"
                                        + " standard deviations (default " + DatasetSpec.DEFAULT_SEPARATION + ")"),
                                LABELLED_TARGETS, SEED)),
                new GeneratorDescription("idx", "IDX images and labels (Fashion-MNIST, MNIST), pixels scaled to"
                        + " [0, 1]",
                        List.of(new Parameter("path", "MNIST-layout directory, or an images-idx3 file"),
                                new Parameter("split", "train (default) or test"),
                                new Parameter("classes", "K; every label must be below it (default max label + 1)"),
                                SUBSAMPLE, LABELLED_TARGETS)),
                new GeneratorDescription("csv", "numeric CSV file, one sample per row",
                        List.of(new Parameter("path", "the file"),
                                new Parameter("header", "true or false (default: detected from the first row)"),
                                new Parameter("label_column", "column of integer labels 0..K-1 (0-based, -1 the"
                                        + " last); without it the last 'outputs' columns are Y"),
                                new Parameter("outputs", "columns of Y when there is no label_column"),
                                SUBSAMPLE, LABELLED_TARGETS)),
                table("parquet", "Parquet table (file or directory) read with Spark's parquet source"),
                table("orc", "ORC table (file or directory) read with Spark's orc source"),
                new GeneratorDescription("libsvm", "LibSVM text file read with MLlib's libsvm source (1-based"
                        + " indices, sparse rows made dense)",
                        List.of(new Parameter("path", "the file"),
                                new Parameter("d", "number of features (default: the largest index in the file)"),
                                new Parameter("label", "\"label\": the label column holds classes 0..K-1"),
                                new Parameter("target", "\"label\": the label column is a regression target"),
                                SUBSAMPLE, LABELLED_TARGETS)));
    }

    private static GeneratorDescription table(String name, String what) {
        return new GeneratorDescription(name, what,
                List.of(new Parameter("path", "the table: a file or a directory of part files"),
                        new Parameter("features", "one vector column, or a list of numeric columns, forming X"),
                        new Parameter("label", "column of integer class labels 0..K-1 (one-hot or signed Y)"),
                        new Parameter("target", "numeric column(s), or one vector column, forming Y"
                                + " (regression); exactly one of label and target"),
                        new Parameter("d", "when given, X must have that many columns"),
                        SUBSAMPLE, LABELLED_TARGETS));
    }

    /** The keys of generated targets (gaussian, whitened, rank-one, one-d). */
    public static List<Parameter> targetParameters() {
        return List.of(
                new Parameter("targets: linear", "Y = XW + noise*E, W Gaussian scaled so XW has unit variance"),
                new Parameter("targets: signed", "y = +1/-1, ceil(n/2) of them +1, in random order"),
                new Parameter("targets: onehot", "K balanced classes in random order, labels kept"),
                new Parameter("outputs", "columns K of linear targets (default 1)"),
                new Parameter("classes", "classes K of onehot targets (default outputs)"),
                new Parameter("noise", "standard deviation of E (default " + DatasetSpec.DEFAULT_NOISE + ")"));
    }

    /** The preprocessing keys of every data set, in the order the steps run. */
    public static List<Parameter> preprocessingParameters() {
        return List.of(
                new Parameter("center", "subtract the column means"),
                new Parameter("scale", "divide each column by its root mean square"),
                new Parameter("whiten", "X -> U V^T of its thin SVD, so XX^T = I (needs rank n)"),
                new Parameter("bias_column", "append a column of ones"));
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
        boolean table = DatasetSpec.TABLES.contains(g);
        if (!table && (!spec.features().isEmpty() || spec.label().isPresent() || !spec.target().isEmpty())) {
            throw SpecFields.bad(spec, (!spec.features().isEmpty() ? "features" : spec.label().isPresent() ? "label"
                    : "target") + " applies to the table generators " + DatasetSpec.TABLES + " only, not " + g);
        }
        if (spec.split().isPresent() && !g.equals("idx")) {
            throw SpecFields.bad(spec, "split applies to generator idx only, not " + g);
        }
    }
}
