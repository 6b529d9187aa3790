package org.deepdual.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * The decompositions the solvers need, on {@link Matrix}.
 *
 * <p>Thin SVD calls LAPACK dgesdd with JOBZ='S' directly, always on the orientation with
 * m ≤ n: dev.ludovic.netlib lapack 3.2.0 (the version Spark 4.2 ships) checks U's length as m×m
 * for JOBZ='S' and throws for tall matrices. For a tall A we
 * decompose Aᵀ and swap U and V, so no m×m array is ever allocated.
 */
public final class Decompositions {
    private static final LAPACK LAPACK_INSTANCE = LAPACK.getInstance();

    private Decompositions() {
    }

    /** The thin SVD; see {@link Svd}. */
    public static Svd thinSvd(Matrix a) {
        requireFinite(a, "thinSvd");
        int m = a.rows();
        int n = a.cols();
        int k = Math.min(m, n);
        if (k == 0) {
            return new Svd(Matrix.zeros(m, 0), new double[0], Matrix.zeros(n, 0));
        }
        if (m > n) {
            // Aᵀ = V S Uᵀ: its column-major buffer is A's row-major entries, copied once
            Svd t = wideSvd(n, m, a.transposedColumnMajor());
            return new Svd(t.v(), t.s(), t.u());
        }
        return wideSvd(m, n, a.toColumnMajor());
    }

    /**
     * SVD of the m×n matrix (m ≤ n) whose column-major entries are {@code buffer}, which LAPACK
     * overwrites: U m×m, Vᵀ m×n.
     */
    private static Svd wideSvd(int m, int n, double[] buffer) {
        double[] s = new double[m];
        double[] u = new double[m * m];
        double[] vt = new double[m * n];
        int[] iwork = new int[8 * m];
        intW info = new intW(0);
        double[] query = new double[1];
        LAPACK_INSTANCE.dgesdd("S", m, n, buffer, m, s, u, m, vt, m, query, -1, iwork, info);
        double[] work = new double[Math.max(1, (int) query[0])];
        LAPACK_INSTANCE.dgesdd("S", m, n, buffer, m, s, u, m, vt, m, work, work.length, iwork, info);
        if (info.val != 0) {
            throw new ArithmeticException("dgesdd did not converge on " + m + "x" + n + " (info " + info.val + ")");
        }
        return new Svd(Matrix.wrap(m, m, u), s, Matrix.wrap(n, m, Matrix.wrap(m, n, vt).transposedColumnMajor()));
    }

    /**
     * A thin SVD of A computed on the block of its nonzero rows and columns ({@link NonzeroBlock}):
     * for a layer zero-padded to a hidden width the decomposition runs on the unpadded layer, and a
     * block with one nonzero per row and column (a diagonal hidden layer, docs/theory.md L2) is decomposed
     * exactly without LAPACK. The singular values equal {@link #thinSvd}'s up to rounding, and so do
     * the singular vectors of simple nonzero singular values up to sign; the vectors of zero singular
     * values are coordinate vectors off the block, and within a repeated singular value the basis may
     * differ from thinSvd's (it is arbitrary there). Falls back to thinSvd when A has no zero line or
     * the coordinate vectors cannot complete U and V.
     */
    public static Svd thinSvdOnSupport(Matrix a) {
        NonzeroBlock block = NonzeroBlock.of(a);
        if (!block.finite()) {
            throw nonFinite(a, "thinSvdOnSupport");
        }
        if (!block.worthIt() || !block.completesLeft() || !block.completesRight()) {
            return thinSvd(a);
        }
        if (block.monomial()) {
            return block.monomialSvd(a);
        }
        Svd b = thinSvd(block.extract(a));
        return new Svd(block.embedLeft(b.u()), block.embedValues(b.s()), block.embedRight(b.v()));
    }

    /**
     * The singular values and right singular vectors of A (a V of {@link #thinSvd}, without U),
     * computed on the block of A's nonzero rows and columns as {@link #thinSvdOnSupport} is (same
     * values up to rounding, same caveats on the vectors). For a tall block B (m ≥ ⌊11n/6⌋, where
     * dgesdd itself would factor first) this skips what dominates its thin SVD, forming the long
     * factor: B = Q R (dgeqrf, on B's columns as stored) and R = U_R S V_Rᵀ, so B's right vectors are
     * V_R. Equal to thinSvd's values up to rounding and its vectors up to sign (and the basis within a
     * repeated singular value).
     */
    public static RightSvd rightSvd(Matrix a) {
        NonzeroBlock block = NonzeroBlock.of(a);
        if (!block.finite()) {
            throw nonFinite(a, "rightSvd");
        }
        if (!block.worthIt() || !block.completesRight()) {
            return denseRightSvd(a.rows(), a.cols(), a.toColumnMajor());
        }
        if (block.monomial()) {
            return block.monomialSvd(a).right();
        }
        Matrix b = block.extract(a);
        RightSvd r = denseRightSvd(b.rows(), b.cols(), b.raw());
        return new RightSvd(block.embedValues(r.s()), block.embedRight(r.v()));
    }

    /** s and V of the m×n matrix whose column-major entries are {@code buffer}, which this overwrites. */
    private static RightSvd denseRightSvd(int m, int n, double[] buffer) {
        if (n == 0 || m < (int) (n * 11.0 / 6.0)) {
            Svd full = thinSvd(Matrix.wrap(m, n, buffer));
            return new RightSvd(full.s(), full.v());
        }
        double[] tau = new double[n];
        intW info = new intW(0);
        double[] query = new double[1];
        LAPACK_INSTANCE.dgeqrf(m, n, buffer, m, tau, query, -1, info);
        double[] work = new double[Math.max(1, (int) query[0])];
        LAPACK_INSTANCE.dgeqrf(m, n, buffer, m, tau, work, work.length, info);
        if (info.val != 0) {
            throw new ArithmeticException("dgeqrf failed on " + m + "x" + n + " (info " + info.val + ")");
        }
        // R is the upper triangle of the leading n×n block
        double[] r = new double[n * n];
        for (int j = 0; j < n; j++) {
            System.arraycopy(buffer, j * m, r, j * n, j + 1);
        }
        Svd triangle = wideSvd(n, n, r);
        return new RightSvd(triangle.s(), triangle.v());
    }

    /** Singular values only, non-increasing. */
    public static double[] singularValues(Matrix a) {
        requireFinite(a, "singularValues");
        boolean tall = a.rows() > a.cols();
        int m = tall ? a.cols() : a.rows();
        int n = tall ? a.rows() : a.cols();
        if (m == 0) {
            return new double[0];
        }
        // one copy into the buffer LAPACK overwrites, in the wide orientation (m ≤ n)
        double[] copy = tall ? a.transposedColumnMajor() : a.toColumnMajor();
        double[] s = new double[m];
        int[] iwork = new int[8 * m];
        intW info = new intW(0);
        double[] query = new double[1];
        double[] dummy = new double[1];
        LAPACK_INSTANCE.dgesdd("N", m, n, copy, m, s, dummy, 1, dummy, 1, query, -1, iwork, info);
        double[] work = new double[Math.max(1, (int) query[0])];
        LAPACK_INSTANCE.dgesdd("N", m, n, copy, m, s, dummy, 1, dummy, 1, work, work.length, iwork, info);
        if (info.val != 0) {
            throw new ArithmeticException("dgesdd did not converge on " + a.shape() + " (info " + info.val + ")");
        }
        return s;
    }

    /** Eigen-decomposition of a symmetric matrix (through Breeze's eigSym); ascending values. */
    public static SymmetricEigen eigSym(Matrix symmetric) {
        if (symmetric.rows() != symmetric.cols()) {
            throw new IllegalArgumentException("eigSym needs a square matrix, got " + symmetric.shape());
        }
        requireFinite(symmetric, "eigSym");
        if (symmetric.rows() == 0) {
            return new SymmetricEigen(new double[0], Matrix.zeros(0, 0));
        }
        try {
            return BreezeFacade.eigSym(symmetric);
        } catch (IllegalArgumentException e) {
            // Breeze's MatrixNotSymmetricException names no shape
            throw new IllegalArgumentException("eigSym: matrix " + symmetric.shape() + " is not symmetric", e);
        }
    }

    /** Solves A X = B for symmetric positive definite A by Cholesky (LAPACK dposv). */
    public static Matrix choleskySolve(Matrix spd, Matrix b) {
        return CholeskyFactor.of(spd).solve(b);
    }

    /**
     * Minimum-norm least squares X = A⁺ B, through the thin SVD with singular values below
     * {@code rtol·σ_1} treated as zero.
     */
    public static Matrix pseudoInverseSolve(Matrix a, Matrix b, double rtol) {
        if (a.rows() != b.rows()) {
            throw new IllegalArgumentException("cannot solve " + a.shape() + " against " + b.shape());
        }
        Svd svd = thinSvd(a);
        int r = svd.rank(rtol);
        double[] inv = new double[r];
        for (int i = 0; i < r; i++) {
            inv[i] = 1.0 / svd.s()[i];
        }
        Matrix ur = svd.u().columns(0, r);
        Matrix vr = svd.v().columns(0, r);
        return scaleColumns(vr, inv).times(ur.transposeTimes(b));
    }

    /** The Moore-Penrose pseudo-inverse with relative cut-off {@code rtol}. */
    public static Matrix pseudoInverse(Matrix a, double rtol) {
        return pseudoInverseSolve(a, Matrix.identity(a.rows()), rtol);
    }

    /** A · diag(d): column j scaled by d[j]. */
    public static Matrix scaleColumns(Matrix a, double[] d) {
        if (d.length != a.cols()) {
            throw new IllegalArgumentException("cannot scale the " + a.cols() + " columns of " + a.shape() + " by "
                    + d.length + " factors");
        }
        double[] c = a.toColumnMajor();
        int m = a.rows();
        for (int j = 0; j < d.length; j++) {
            for (int i = 0; i < m; i++) {
                c[i + j * m] *= d[j];
            }
        }
        return Matrix.wrap(m, a.cols(), c);
    }

    static LAPACK lapack() {
        return LAPACK_INSTANCE;
    }

    static void requireFinite(Matrix a, String op) {
        if (!a.allFinite()) {
            throw nonFinite(a, op);
        }
    }

    private static IllegalArgumentException nonFinite(Matrix a, String op) {
        return new IllegalArgumentException(op + ": matrix " + a.shape() + " has NaN or infinite entries");
    }
}
