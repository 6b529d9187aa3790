package org.deepdual.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A named data set of a sweep spec (docs/spec.md, {@code data:} entries): a generator
 * with its shape and seed, or a file loader, plus preprocessing. Validated on construction; every
 * message names the data set and the field. {@link DatasetFactory#build} turns it into a
 * {@link Dataset}; {@link DatasetFactory#generators()} describes each generator's parameters.
 *
 * @param generator gaussian | whitened | rank-one | one-d | mixture | idx | csv
 * @param n samples (generators); for file loaders a seeded uniform subsample of that many rows (empty:
 *     all rows, or perClass·k with perClass)
 * @param d features (generators; one-d takes 1 or nothing); for file loaders, when given, the file must
 *     have that many feature columns
 * @param outputs columns of Y for regression targets; for one-hot targets it may stand in for
 *     {@code classes} (the columns of a one-hot Y are the classes)
 * @param classes number of classes K for mixture and for one-hot targets
 * @param targets target kind: "linear" (default; for labelled data it means one-hot), "signed"
 *     (±1), "onehot"
 * @param seed seed of every random draw (generators, subsampling)
 * @param path file or directory of the file loaders (idx, csv, parquet, orc, libsvm)
 * @param split "train" or "test" for idx
 * @param perClass class-balanced seeded subsample size for labelled file data
 * @param whiten replace X by U Vᵀ of its thin SVD (after centering and scaling)
 * @param center subtract the column means
 * @param biasColumn append a column of ones, after every other step (1-D data for relu2)
 * @param noise standard deviation of the Gaussian noise added to linear targets
 * @param sorted one-d: sort the inputs ascending
 * @param classSizes mixture: the size of each class (empty: balanced from n and classes)
 * @param scale divide each column by its root mean square (after centering, its standard deviation)
 * @param header csv: whether the first row is a header (empty: detected, a header being a first row
 *     with a field that is not a number)
 * @param labelColumn csv: the column (0-based; negative counts from the end, −1 the last) holding
 *     integer class labels; empty: the last {@code outputs} columns are regression targets
 * @param separation mixture: distance between class means, in within-class standard deviations
 * @param features parquet/orc/libsvm: one vector column, or numeric columns, that form X (libsvm:
 *     default "features")
 * @param label parquet/orc/libsvm: the column of integer class labels 0..K−1 (Y one-hot or ±1)
 * @param target parquet/orc/libsvm: the numeric column(s), or one vector column, of regression targets Y
 */
public record DatasetSpec(String name, String generator, OptionalInt n, OptionalInt d, int outputs,
        OptionalInt classes, String targets, long seed, Optional<String> path, Optional<String> split,
        OptionalInt perClass, boolean whiten, boolean center, boolean biasColumn, double noise, boolean sorted,
        List<Integer> classSizes, boolean scale, Optional<Boolean> header, OptionalInt labelColumn,
        double separation, List<String> features, Optional<String> label, List<String> target) {

    public static final Set<String> GENERATORS = Set.of("gaussian", "whitened", "rank-one", "one-d", "mixture", "idx",
            "csv", "parquet", "orc", "libsvm");
    /** Generators whose data is a table read with Spark's data sources (package sweep reads them). */
    public static final Set<String> TABLES = Set.of("parquet", "orc", "libsvm");
    /** Generators that read files and need {@code path}. */
    public static final Set<String> FILES = Set.of("idx", "csv", "parquet", "orc", "libsvm");
    public static final Set<String> TARGETS = Set.of("linear", "signed", "onehot");
    public static final Set<String> SPLITS = Set.of("train", "test");
    /** Target noise of {@link #generated}: small enough that Y stays close to XW. */
    public static final double DEFAULT_NOISE = 0.1;
    /** Class-mean distance of a mixture when none is given: classes overlap little but not never. */
    public static final double DEFAULT_SEPARATION = 3.0;

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(header, "header");
        classSizes = List.copyOf(Objects.requireNonNull(classSizes, "classSizes"));
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        Objects.requireNonNull(label, "label");
        target = List.copyOf(Objects.requireNonNull(target, "target"));
        if (!GENERATORS.contains(generator)) {
            throw new IllegalArgumentException("data '" + name + "': generator must be one of " + GENERATORS
                    + ", got '" + generator + "'");
        }
        if (!TARGETS.contains(targets)) {
            throw new IllegalArgumentException("data '" + name + "': targets must be one of " + TARGETS + ", got '"
                    + targets + "'");
        }
        requirePositive(name, "n", n);
        requirePositive(name, "d", d);
        requirePositive(name, "classes", classes);
        requirePositive(name, "per_class", perClass);
        if (outputs < 1) {
            throw new IllegalArgumentException("data '" + name + "': outputs must be >= 1, got " + outputs);
        }
        if (!Double.isFinite(noise) || noise < 0) {
            throw new IllegalArgumentException("data '" + name + "': noise must be finite and >= 0, got " + noise);
        }
        if (!Double.isFinite(separation) || separation < 0) {
            throw new IllegalArgumentException("data '" + name + "': separation must be finite and >= 0, got "
                    + separation);
        }
        if (FILES.contains(generator) && path.isEmpty()) {
            throw new IllegalArgumentException("data '" + name + "': generator " + generator + " needs path");
        }
        split.ifPresent(s -> {
            if (!SPLITS.contains(s)) {
                throw new IllegalArgumentException("data '" + name + "': split must be one of " + SPLITS + ", got '"
                        + s + "'");
            }
        });
        for (int i = 0; i < classSizes.size(); i++) {
            if (classSizes.get(i) < 1) {
                throw new IllegalArgumentException("data '" + name + "': class_sizes[" + i + "] must be >= 1, got "
                        + classSizes.get(i));
            }
        }
    }

    /** The spec as the first version of this record had it; later components take their defaults. */
    public DatasetSpec(String name, String generator, OptionalInt n, OptionalInt d, int outputs, OptionalInt classes,
            String targets, long seed, Optional<String> path, Optional<String> split, OptionalInt perClass,
            boolean whiten, boolean center, boolean biasColumn, double noise) {
        this(name, generator, n, d, outputs, classes, targets, seed, path, split, perClass, whiten, center,
                biasColumn, noise, false, List.of(), false, Optional.empty(), OptionalInt.empty(), DEFAULT_SEPARATION,
                List.of(), Optional.empty(), List.of());
    }

    /** A generated data set with linear targets and {@link #DEFAULT_NOISE}; for tests and examples. */
    public static DatasetSpec generated(String name, String generator, int n, int d, int outputs, long seed) {
        return builder(name, generator).n(n).d(d).outputs(outputs).seed(seed).build();
    }

    /** An idx or csv data set read from {@code path}, all rows, no preprocessing. */
    public static DatasetSpec file(String name, String generator, String path) {
        return builder(name, generator).path(path).build();
    }

    public static Builder builder(String name, String generator) {
        return new Builder(name, generator);
    }

    /** A builder holding this spec's values, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder(name, generator);
        b.n = n;
        b.d = d;
        b.outputs = outputs;
        b.classes = classes;
        b.targets = targets;
        b.seed = seed;
        b.path = path;
        b.split = split;
        b.perClass = perClass;
        b.whiten = whiten;
        b.center = center;
        b.biasColumn = biasColumn;
        b.noise = noise;
        b.sorted = sorted;
        b.classSizes = classSizes;
        b.scale = scale;
        b.header = header;
        b.labelColumn = labelColumn;
        b.separation = separation;
        b.features = features;
        b.label = label;
        b.target = target;
        return b;
    }

    private static void requirePositive(String name, String field, OptionalInt v) {
        if (v.isPresent() && v.getAsInt() < 1) {
            throw new IllegalArgumentException("data '" + name + "': " + field + " must be >= 1, got " + v.getAsInt());
        }
    }

    /** Builds a {@link DatasetSpec}; every field starts at its default (outputs 1, targets linear, seed 0). */
    public static final class Builder {
        private final String name;
        private final String generator;
        private OptionalInt n = OptionalInt.empty();
        private OptionalInt d = OptionalInt.empty();
        private int outputs = 1;
        private OptionalInt classes = OptionalInt.empty();
        private String targets = "linear";
        private long seed;
        private Optional<String> path = Optional.empty();
        private Optional<String> split = Optional.empty();
        private OptionalInt perClass = OptionalInt.empty();
        private boolean whiten;
        private boolean center;
        private boolean biasColumn;
        private double noise = DEFAULT_NOISE;
        private boolean sorted;
        private List<Integer> classSizes = List.of();
        private boolean scale;
        private Optional<Boolean> header = Optional.empty();
        private OptionalInt labelColumn = OptionalInt.empty();
        private double separation = DEFAULT_SEPARATION;
        private List<String> features = List.of();
        private Optional<String> label = Optional.empty();
        private List<String> target = List.of();

        private Builder(String name, String generator) {
            this.name = name;
            this.generator = generator;
        }

        public Builder n(int v) {
            n = OptionalInt.of(v);
            return this;
        }

        public Builder d(int v) {
            d = OptionalInt.of(v);
            return this;
        }

        public Builder outputs(int v) {
            outputs = v;
            return this;
        }

        public Builder classes(int v) {
            classes = OptionalInt.of(v);
            return this;
        }

        public Builder targets(String v) {
            targets = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder path(String v) {
            path = Optional.of(v);
            return this;
        }

        public Builder split(String v) {
            split = Optional.of(v);
            return this;
        }

        public Builder perClass(int v) {
            perClass = OptionalInt.of(v);
            return this;
        }

        public Builder whiten(boolean v) {
            whiten = v;
            return this;
        }

        public Builder center(boolean v) {
            center = v;
            return this;
        }

        public Builder biasColumn(boolean v) {
            biasColumn = v;
            return this;
        }

        public Builder noise(double v) {
            noise = v;
            return this;
        }

        public Builder sorted(boolean v) {
            sorted = v;
            return this;
        }

        public Builder classSizes(List<Integer> v) {
            classSizes = v;
            return this;
        }

        public Builder scale(boolean v) {
            scale = v;
            return this;
        }

        public Builder header(boolean v) {
            header = Optional.of(v);
            return this;
        }

        public Builder labelColumn(int v) {
            labelColumn = OptionalInt.of(v);
            return this;
        }

        public Builder separation(double v) {
            separation = v;
            return this;
        }

        public Builder features(List<String> v) {
            features = v;
            return this;
        }

        public Builder label(String v) {
            label = Optional.of(v);
            return this;
        }

        public Builder target(List<String> v) {
            target = v;
            return this;
        }

        public DatasetSpec build() {
            return new DatasetSpec(name, generator, n, d, outputs, classes, targets, seed, path, split, perClass,
                    whiten, center, biasColumn, noise, sorted, classSizes, scale, header, labelColumn, separation,
                    features, label, target);
        }
    }
}
