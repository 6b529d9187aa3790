package org.deepdual.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.linalg.Vectors;
import org.deepdual.model.LayerFactors;
import org.deepdual.model.Network;

/**
 * The thin SVDs of a network's layers taken from the factored form its solver built them from
 * ({@link Network#factors()}, {@link LayerFactors}), instead of one decomposition per layer: sorting the
 * claimed singular values and selecting their vectors costs O(k·(rows + cols)) per layer, checking the claim
 * O(rows·cols).
 *
 * <p>The claim W = L diag(s) Rᵀ with orthonormal L and R is checked against the explicit weights. A layer
 * whose L and R are identities (the diagonal hidden layers) must equal diag(s) entry by entry. Any other
 * layer gets {@value #PROBES} random probes of three residuals, relative tolerance {@value #TOLERANCE}:
 * ‖Wx − L(s∘Rᵀx)‖ ≤ tol·‖s‖‖x‖, ‖Lᵀ(Lq) − q‖ ≤ tol·‖q‖ and ‖Rᵀ(Rq) − q‖ ≤ tol·‖q‖ (an identity factor
 * needs none), for x and q with independent entries uniform in [−1, 1]. For any error matrix E,
 * E‖Ex‖² = ‖E‖_F²/3 and ‖Ex‖ falls below ε‖E‖_F with probability of order ε per probe (the density of a
 * linear form of the entries is bounded), so an error a thousand times the tolerance passes both probes with
 * probability of order 1e-6. A claim that passes makes every singular value, and every statistic built from
 * the singular triplets, agree with the weights' own SVD to about the tolerance relative to σ_1 (Weyl; vectors
 * to the tolerance over the gap, as LAPACK's own), inside the 1e-10 the statistics are held to. The probes
 * come from a fixed seed per layer, so the statistics of a network are reproducible; a probed layer and
 * factors that passed are remembered by identity ({@link PassedChecks}: both are immutable) and not probed
 * again. Any failed check, a non-finite entry or a missing form gives no SVDs, and the caller decomposes the
 * weights (which refuses non-finite
 * entries with its own message).
 */
final class FactoredLayers {
    /** Relative tolerance of the probes: rounding of the solvers' products is ~1e-15. */
    static final double TOLERANCE = 1e-11;
    static final int PROBES = 2;
    private static final long SEED = 0x5eedfac7L;

    private FactoredLayers() {
    }

    /**
     * The thin SVD of every layer (index l − 1), with only the positive singular values, in non-increasing
     * order; empty when the network has no factored form or any layer fails the check.
     */
    static Optional<Svd[]> verified(Network net) {
        List<LayerFactors> factors = net.factors();
        if (factors.isEmpty() || factors.size() != net.depth()) {
            return Optional.empty();
        }
        Svd[] out = new Svd[net.depth()];
        for (int l = 1; l <= net.depth(); l++) {
            Matrix w = net.layer(l);
            LayerFactors f = factors.get(l - 1);
            if (!PASSED.contains(w, f)) {
                // one stream per layer, so a layer's probes do not depend on whether an earlier one was remembered
                if (!consistent(w, f, new SplittableRandom(SEED + l))) {
                    return Optional.empty();
                }
                if ((long) w.rows() * w.cols() >= REMEMBERED_ENTRIES && (!isIdentity(f.left()) || !isIdentity(f.right()))) {
                    PASSED.add(w, f);
                }
            }
            out[l - 1] = sorted(f);
        }
        return Optional.of(out);
    }

    /**
     * The probed layers that passed, remembered by identity (see {@link PassedChecks}): only layers of at least
     * {@link #REMEMBERED_ENTRIES} entries, whose probes cost more than looking them up, so that the many small
     * layers of other cells do not push them out.
     */
    private static final PassedChecks PASSED = new PassedChecks(32);
    private static final int REMEMBERED_ENTRIES = 4096;

    /** Whether {@code f} is a singular value decomposition of {@code w} as far as the probes can tell. */
    static boolean consistent(Matrix w, LayerFactors f, SplittableRandom random) {
        if (f.rows() != w.rows() || f.cols() != w.cols()) {
            return false;
        }
        double[] s = f.s();
        for (double v : s) {
            if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
                return false;
            }
        }
        boolean identityLeft = isIdentity(f.left());
        boolean identityRight = isIdentity(f.right());
        if (identityLeft && identityRight) {
            return isDiagonal(w, s);
        }
        // no separate finiteness pass: a NaN or infinite entry of W or of a factor makes a probe residual
        // non-finite, which fails the comparison below
        double scale = Vectors.norm(s);
        for (int probe = 0; probe < PROBES; probe++) {
            double[] x = uniform(random, w.cols());
            double[] coeff = f.right().transposeTimes(x);
            for (int i = 0; i < coeff.length; i++) {
                coeff[i] *= s[i];
            }
            double[] residual = Vectors.axpy(-1.0, f.left().times(coeff), w.times(x));
            if (!(Vectors.norm(residual) <= TOLERANCE * scale * Vectors.norm(x))) {
                return false;
            }
            if (!identityLeft && !orthonormal(f.left(), random) || !identityRight && !orthonormal(f.right(), random)) {
                return false;
            }
        }
        return true;
    }

    /** A square identity, checked entry by entry (the diagonal layers' factors, O(k²) with no arithmetic). */
    static boolean isIdentity(Matrix q) {
        int k = q.rows();
        if (q.cols() != k) {
            return false;
        }
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                if (q.get(i, j) != (i == j ? 1.0 : 0.0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** W = diag(s) exactly: a diagonal layer is checked without probes. */
    private static boolean isDiagonal(Matrix w, double[] s) {
        int k = s.length;
        if (w.rows() != k || w.cols() != k) {
            return false;
        }
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                if (w.get(i, j) != (i == j ? s[i] : 0.0)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean orthonormal(Matrix q, SplittableRandom random) {
        if (q.cols() == 0) {
            return true;
        }
        double[] z = uniform(random, q.cols());
        double[] back = q.transposeTimes(q.times(z));
        return Vectors.norm(Vectors.axpy(-1.0, z, back)) <= TOLERANCE * Vectors.norm(z);
    }

    /** Entries uniform in [−1, 1): continuous, so a fixed nonzero error is missed with probability zero. */
    private static double[] uniform(SplittableRandom random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * random.nextDouble() - 1;
        }
        return v;
    }

    /** The factors as a thin SVD: the positive values in non-increasing order with their vectors. */
    static Svd sorted(LayerFactors f) {
        double[] s = f.s();
        if (positiveNonIncreasing(s)) {
            return new Svd(f.left(), s, f.right());
        }
        Integer[] order = new Integer[s.length];
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] > 0) {
                order[k++] = i;
            }
        }
        Integer[] positive = Arrays.copyOf(order, k);
        // stable: tied values keep the solver's order, which does not change any statistic (ties are handled as spans)
        Arrays.sort(positive, (a, b) -> Double.compare(s[b], s[a]));
        double[] values = new double[k];
        for (int j = 0; j < k; j++) {
            values[j] = s[positive[j]];
        }
        return new Svd(columns(f.left(), positive), values, columns(f.right(), positive));
    }

    private static boolean positiveNonIncreasing(double[] s) {
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] > 0) || i > 0 && s[i] > s[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static Matrix columns(Matrix m, Integer[] index) {
        int rows = m.rows();
        double[] out = new double[rows * index.length];
        for (int j = 0; j < index.length; j++) {
            System.arraycopy(m.column(index[j]), 0, out, j * rows, rows);
        }
        return Matrix.ofColumnMajor(rows, index.length, out);
    }
}
