package org.deepdual.data;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A named data set of a sweep spec (contracts.md section 5, {@code data:} entries): a generator
 * with its shape and seed, or a file loader, plus preprocessing. Validated on construction; every
 * message names the data set and the field.
 *
 * @param generator gaussian | whitened | rank-one | one-d | mixture | idx | csv
 * @param n samples (generators); for idx/csv the number kept (empty: all, or perClass·k)
 * @param d features (generators)
 * @param outputs columns of Y for regression targets (gaussian, whitened, rank-one, one-d)
 * @param classes number of classes for mixture (and whitened with one-hot targets)
 * @param targets target kind: "linear" (default), "signed", "onehot"
 * @param path file or directory for idx/csv
 * @param split "train" or "test" for idx
 * @param perClass class-balanced subsample size for labelled data
 * @param whiten replace X by U Vᵀ of its thin SVD (after centering when {@code center})
 * @param center subtract the column means
 * @param biasColumn append a column of ones (1-D data for relu2)
 * @param noise target noise standard deviation for generated targets
 */
public record DatasetSpec(String name, String generator, OptionalInt n, OptionalInt d, int outputs,
        OptionalInt classes, String targets, long seed, Optional<String> path, Optional<String> split,
        OptionalInt perClass, boolean whiten, boolean center, boolean biasColumn, double noise) {

    public static final Set<String> GENERATORS = Set.of("gaussian", "whitened", "rank-one", "one-d", "mixture", "idx",
            "csv");
    public static final Set<String> TARGETS = Set.of("linear", "signed", "onehot");

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(generator, "generator");
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
        if ((generator.equals("idx") || generator.equals("csv")) && path.isEmpty()) {
            throw new IllegalArgumentException("data '" + name + "': generator " + generator + " needs path");
        }
    }

    private static void requirePositive(String name, String field, OptionalInt v) {
        if (v.isPresent() && v.getAsInt() < 1) {
            throw new IllegalArgumentException("data '" + name + "': " + field + " must be >= 1, got " + v.getAsInt());
        }
    }
}
