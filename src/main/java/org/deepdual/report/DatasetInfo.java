package org.deepdual.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.deepdual.data.Dataset;
import org.deepdual.stats.RankTolerance;
import org.deepdual.sweep.DataCatalog;

/**
 * One row of {@code OUTPUT/datasets/} (docs/output.md): a data set's name, fingerprint and
 * shape (n samples, d features, k outputs or classes), the singular values of X, and the named
 * target vectors the thresholds of docs/theory.md §5, §6 and §8 act on (path targets a_p, the
 * singular values z_i of U_rᵀY, the singular values of Y, class counts), keyed by column name, and
 * ‖Y‖²_F (NaN when neither recorded nor computed).
 */
public record DatasetInfo(String name, String fingerprint, int n, int d, int k, double[] singularValues,
        Map<String, double[]> vectors, double targetNormSquared) {

    /** Relative spread under which the nonzero singular values of X count as one value c (whitened). */
    public static final double WHITENED_RTOL = 1e-8;

    public DatasetInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fingerprint, "fingerprint");
        singularValues = singularValues.clone();
        Map<String, double[]> copy = new LinkedHashMap<>();
        vectors.forEach((key, v) -> copy.put(key, v.clone()));
        vectors = java.util.Collections.unmodifiableMap(copy);
    }

    /** A row without ‖Y‖². */
    public DatasetInfo(String name, String fingerprint, int n, int d, int k, double[] singularValues,
            Map<String, double[]> vectors) {
        this(name, fingerprint, n, d, k, singularValues, vectors, Double.NaN);
    }

    /**
     * This record with the vectors computed from {@code data} added where the recorded row lacks
     * them (recorded values win), and the shape filled in where the row had none. ‖Y‖² is taken from
     * {@code data} only when it is the recorded version (same fingerprint, or none recorded).
     */
    public DatasetInfo withComputed(Dataset data, Map<String, double[]> computed) {
        Map<String, double[]> merged = new LinkedHashMap<>(computed);
        merged.putAll(vectors);
        double[] sv = singularValues.length > 0 ? singularValues : computed.getOrDefault("singular_values",
                new double[0]);
        boolean sameVersion = fingerprint.isEmpty() || fingerprint.equals(data.fingerprint());
        double yy = !Double.isNaN(targetNormSquared) || !sameVersion ? targetNormSquared
                : data.y().frobeniusNormSquared();
        return new DatasetInfo(name, fingerprint.isEmpty() ? data.fingerprint() : fingerprint, n > 0 ? n : data.n(),
                d > 0 ? d : data.d(), k > 0 ? k : data.k(), sv, merged, yy);
    }

    /**
     * ½‖Y‖²_F, the objective of the zero network, which is feasible at every β (docs/theory.md §11.10):
     * from ‖Y‖² when known, else from the path targets, whose squares sum to ‖Y‖² (‖y₊‖² + ‖y₋‖² per
     * output column; Σ n_k for labelled data, whose targets are one-hot or ±1). Empty when neither is known.
     */
    public OptionalDouble zeroNetworkValue() {
        if (!Double.isNaN(targetNormSquared)) {
            return OptionalDouble.of(0.5 * targetNormSquared);
        }
        return vector(List.of(DataCatalog.PATH_TARGETS)).filter(a -> a.length > 0 && Arrays.stream(a).noneMatch(Double::isNaN))
                .map(a -> OptionalDouble.of(0.5 * Arrays.stream(a).map(v -> v * v).sum()))
                .orElse(OptionalDouble.empty());
    }

    @Override
    public double[] singularValues() {
        return singularValues.clone();
    }

    /** The first of the named vectors that is present. */
    public Optional<double[]> vector(List<String> names) {
        for (String key : names) {
            double[] v = vectors.get(key);
            if (v != null) {
                return Optional.of(v.clone());
            }
        }
        return Optional.empty();
    }

    /**
     * The common value c of the nonzero singular values of X when they are all equal (docs/theory.md
     * §5, "whitened"); empty otherwise. Values below 1e-10·σ_1 count as zero.
     */
    public OptionalDouble commonSingularValue() {
        double[] s = Arrays.stream(singularValues).filter(v -> v > 0).toArray();
        if (s.length == 0) {
            return OptionalDouble.empty();
        }
        double max = Arrays.stream(s).max().getAsDouble();
        double[] nz = Arrays.stream(s).filter(v -> v > RankTolerance.DATA * max).toArray();
        double min = Arrays.stream(nz).min().getAsDouble();
        return max - min <= WHITENED_RTOL * max ? OptionalDouble.of(max) : OptionalDouble.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetInfo i && i.name.equals(name) && i.fingerprint.equals(fingerprint) && i.n == n
                && i.d == d && i.k == k && Arrays.equals(i.singularValues, singularValues)
                && Double.compare(i.targetNormSquared, targetNormSquared) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, fingerprint, n, d, k, Arrays.hashCode(singularValues), targetNormSquared);
    }

    @Override
    public String toString() {
        return "DatasetInfo[" + name + ", n=" + n + ", d=" + d + ", k=" + k + ", vectors=" + vectors.keySet() + "]";
    }
}
