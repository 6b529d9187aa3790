package org.deepdual.solve.relu2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deepdual.linalg.Gemm;
import org.deepdual.linalg.Matrix;

/**
 * The activation patterns {@code D_i = diag(1[X g_i ≥ 0])} of docs/theory.md §9: the distinct sign
 * patterns a first-layer neuron can produce on the data, each with a generator g_i inside its cone
 * {@code (2D_i − I)Xg ≥ 0}. Patterns whose active rows of X are all zero ({@code D_iX = 0}) are dropped.
 *
 * <p>For d ≤ 2 every pattern is enumerated: the critical angles of the rows x_k are
 * {@code angle(x_k) ± π/2}, and one generator is taken at the midpoint of each arc between
 * consecutive sorted critical angles (at most 2n patterns); for d = 1 the generators are ±1.
 * Otherwise g_i ~ N(0, I_d) are drawn from {@code new Random(seed)} and deduplicated in draw order,
 * so the set is reproducible from (X, count, seed). A sampled set is still {@link #exhaustive()}
 * when it reaches Cover's bound 2·Σ_{k<d} C(n−1, k) on the number of regions of a central
 * arrangement of n hyperplanes in R^d (the zero pattern included), which no data can exceed.
 */
public final class ActivationPatterns {
    private final int n;
    private final int count;
    private final double[] masks;
    private final Matrix generators;
    private final boolean exhaustive;
    private final boolean enumerated;

    private ActivationPatterns(int n, List<BitSet> patterns, List<double[]> gens, int d, boolean exhaustive,
            boolean enumerated) {
        this.n = n;
        this.count = patterns.size();
        this.masks = new double[n * count];
        double[] g = new double[d * count];
        for (int i = 0; i < count; i++) {
            BitSet p = patterns.get(i);
            for (int k = p.nextSetBit(0); k >= 0; k = p.nextSetBit(k + 1)) {
                masks[k + i * n] = 1.0;
            }
            System.arraycopy(gens.get(i), 0, g, i * d, d);
        }
        this.generators = Matrix.ofColumnMajor(d, count, g);
        this.exhaustive = exhaustive;
        this.enumerated = enumerated;
    }

    /** Exact enumeration for d ≤ 2, seeded sampling of {@code samples} directions otherwise. */
    public static ActivationPatterns of(Matrix x, int samples, long seed) {
        return x.cols() <= 2 ? enumerate(x) : sample(x, samples, seed);
    }

    /** Every pattern of data with d ≤ 2 columns (docs/theory.md §9). */
    public static ActivationPatterns enumerate(Matrix x) {
        int d = x.cols();
        if (d > 2) {
            throw new IllegalArgumentException("exact pattern enumeration needs d <= 2, X is " + x.shape());
        }
        List<double[]> directions = new ArrayList<>();
        if (d == 1) {
            directions.add(new double[] {1.0});
            directions.add(new double[] {-1.0});
        } else {
            double[] angles = criticalAngles(x);
            for (int k = 0; k < angles.length; k++) {
                double next = k + 1 < angles.length ? angles[k + 1] : angles[0] + 2 * Math.PI;
                double mid = 0.5 * (angles[k] + next);
                directions.add(new double[] {Math.cos(mid), Math.sin(mid)});
            }
            if (angles.length == 0) {
                directions.add(new double[] {1.0, 0.0});
            }
        }
        return build(x, directions, true, true);
    }

    /** {@code samples} Gaussian directions from {@code new Random(seed)}, deduplicated in draw order. */
    public static ActivationPatterns sample(Matrix x, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("patterns must be >= 1, got " + samples);
        }
        int d = x.cols();
        Random rng = new Random(seed);
        List<double[]> directions = new ArrayList<>(samples);
        for (int s = 0; s < samples; s++) {
            double[] g = new double[d];
            for (int j = 0; j < d; j++) {
                g[j] = rng.nextGaussian();
            }
            directions.add(g);
        }
        return build(x, directions, false, false);
    }

    /**
     * The patterns of explicit directions (a working set of column generation, docs/theory.md §9),
     * deduplicated in order with zero patterns dropped; never {@link #exhaustive()}.
     */
    static ActivationPatterns ofDirections(Matrix x, List<double[]> directions) {
        if (directions.isEmpty()) {
            throw new IllegalArgumentException("directions must not be empty");
        }
        return build(x, directions, false, false);
    }

    /**
     * The sorted distinct angles in [0, 2π) at which some row x_k is orthogonal to (cos θ, sin θ):
     * {@code angle(x_k) ± π/2}. Zero rows have none.
     */
    static double[] criticalAngles(Matrix x) {
        double[] a = new double[2 * x.rows()];
        int m = 0;
        for (int k = 0; k < x.rows(); k++) {
            double x1 = x.get(k, 0);
            double x2 = x.get(k, 1);
            if (x1 == 0 && x2 == 0) {
                continue;
            }
            double phi = Math.atan2(x2, x1);
            a[m++] = wrap(phi + Math.PI / 2);
            a[m++] = wrap(phi - Math.PI / 2);
        }
        double[] sorted = Arrays.copyOf(a, m);
        Arrays.sort(sorted);
        int u = 0;
        for (int k = 0; k < m; k++) {
            if (u == 0 || sorted[k] > sorted[u - 1]) {
                sorted[u++] = sorted[k];
            }
        }
        return Arrays.copyOf(sorted, u);
    }

    private static double wrap(double angle) {
        double t = angle % (2 * Math.PI);
        return t < 0 ? t + 2 * Math.PI : t;
    }

    private static ActivationPatterns build(Matrix x, List<double[]> directions, boolean exhaustive,
            boolean enumerated) {
        int n = x.rows();
        int d = x.cols();
        int s = directions.size();
        double[] g = new double[d * s];
        for (int i = 0; i < s; i++) {
            System.arraycopy(directions.get(i), 0, g, i * d, d);
        }
        double[] xg = new double[n * s];
        Gemm.multiply(false, false, n, s, d, 1.0, x.toColumnMajor(), g, 0.0, xg);
        boolean[] zeroRow = new boolean[n];
        for (int k = 0; k < n; k++) {
            zeroRow[k] = true;
            for (int j = 0; j < d; j++) {
                zeroRow[k] &= x.get(k, j) == 0.0;
            }
        }
        Map<BitSet, double[]> distinct = new LinkedHashMap<>();
        for (int i = 0; i < s; i++) {
            BitSet p = new BitSet(n);
            for (int k = 0; k < n; k++) {
                if (xg[k + i * n] >= 0) {
                    p.set(k);
                }
            }
            distinct.putIfAbsent(p, directions.get(i));
        }
        int regions = distinct.size();
        List<BitSet> kept = new ArrayList<>();
        List<double[]> gens = new ArrayList<>();
        for (Map.Entry<BitSet, double[]> e : distinct.entrySet()) {
            BitSet p = e.getKey();
            boolean useful = false;
            for (int k = p.nextSetBit(0); k >= 0 && !useful; k = p.nextSetBit(k + 1)) {
                useful = !zeroRow[k];
            }
            if (useful) {
                kept.add(p);
                gens.add(e.getValue());
            }
        }
        boolean complete = exhaustive || regions >= coverBound(n, d);
        return new ActivationPatterns(n, kept, gens, d, complete, enumerated);
    }

    /** 2·Σ_{k<d} C(n−1, k), the most regions a central arrangement of n hyperplanes in R^d has. */
    static double coverBound(int n, int d) {
        double sum = 0;
        double binom = 1;
        for (int k = 0; k < d && k <= n - 1; k++) {
            sum += binom;
            binom = binom * (n - 1 - k) / (k + 1);
        }
        return 2 * sum;
    }

    /** Number of samples n. */
    public int n() {
        return n;
    }

    /** Number of distinct nonzero patterns P. */
    public int count() {
        return count;
    }

    /** Whether every pattern of the data is in the set (enumerated, or sampled up to Cover's bound). */
    public boolean exhaustive() {
        return exhaustive;
    }

    /** Whether the set came from the exact d ≤ 2 enumeration (not from sampling). */
    public boolean enumerated() {
        return enumerated;
    }

    /** Whether sample k is active (D_i[k,k] = 1) in pattern i. */
    public boolean active(int pattern, int sample) {
        return masks[sample + pattern * n] != 0.0;
    }

    /** The diagonal of D_i as 0/1 entries. */
    public double[] mask(int pattern) {
        return Arrays.copyOfRange(masks, pattern * n, (pattern + 1) * n);
    }

    /** The n × P 0/1 matrix whose column i is the diagonal of D_i; shared, callers must not write. */
    double[] masksColumnMajor() {
        return masks;
    }

    /** The d × P generators: column i lies in the open cone of pattern i. */
    public Matrix generators() {
        return generators;
    }
}
