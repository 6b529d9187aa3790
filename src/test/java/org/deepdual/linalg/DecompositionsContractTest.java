package org.deepdual.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract every decomposition passes on every kind of matrix (after EJML's
 * {@code StandardSvdChecks_DDRM}): empty, wide, tall, rank-deficient, tiny values, zero, identity
 * and 500×300. Judged by reconstruction and orthogonality to 1e-10 relative and by "no NaN or Inf";
 * where possible also against an independent computation (σ² against eigSym of the Gram matrix,
 * least squares against Cholesky on the normal equations).
 */
class DecompositionsContractTest {
    private static final double TOL = 1e-10;

    static Stream<Arguments> matrices() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("empty 0x0", Matrix.zeros(0, 0)));
        cases.add(Arguments.of("empty 0x4", Matrix.zeros(0, 4)));
        cases.add(Arguments.of("empty 4x0", Matrix.zeros(4, 0)));
        cases.add(Arguments.of("1x7", gaussian(1, 7, 11)));
        cases.add(Arguments.of("7x1", gaussian(7, 1, 12)));
        cases.add(Arguments.of("wide 5x9", gaussian(5, 9, 1)));
        cases.add(Arguments.of("tall 9x5", gaussian(9, 5, 2)));
        cases.add(Arguments.of("tall 1000x5", gaussian(1000, 5, 3)));
        cases.add(Arguments.of("rank-deficient 12x8 rank 3", gaussian(12, 3, 4).times(gaussian(3, 8, 5))));
        cases.add(Arguments.of("rank-deficient 6x10 rank 2", gaussian(6, 2, 6).times(gaussian(2, 10, 7))));
        cases.add(Arguments.of("tiny values 1e-150 8x5", gaussian(8, 5, 8).scale(1e-150)));
        cases.add(Arguments.of("tiny values 1e-300 5x8", gaussian(5, 8, 9).scale(1e-300)));
        cases.add(Arguments.of("zero 5x3", Matrix.zeros(5, 3)));
        cases.add(Arguments.of("identity 6x6", Matrix.identity(6)));
        cases.add(Arguments.of("square 7x7", gaussian(7, 7, 10)));
        cases.add(Arguments.of("500x300", gaussian(500, 300, 13)));
        cases.add(Arguments.of("300x500", gaussian(300, 500, 14)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void thinSvdReconstructsWithOrthonormalFactors(String name, Matrix a) {
        Svd svd = Decompositions.thinSvd(a);
        int k = Math.min(a.rows(), a.cols());
        assertEquals(a.rows() + "x" + k, svd.u().shape(), "U");
        assertEquals(a.cols() + "x" + k, svd.v().shape(), "V");
        assertEquals(k, svd.s().length, "number of singular values");
        assertTrue(svd.u().allFinite() && svd.v().allFinite() && Matrix.column(svd.s()).allFinite(), "NaN or Inf");
        for (int i = 0; i < k; i++) {
            assertTrue(svd.s()[i] >= 0, "σ_" + i + " = " + svd.s()[i] + " is negative");
            assertTrue(i == 0 || svd.s()[i] <= svd.s()[i - 1], "singular values not non-increasing at " + i);
        }
        assertOrthonormalColumns(svd.u(), "U");
        assertOrthonormalColumns(svd.v(), "V");
        assertClose(a, svd.reconstruct(), "U diag(s) Vᵀ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void singularValuesMatchThinSvdAndTheGramSpectrum(String name, Matrix a) {
        double[] s = Decompositions.singularValues(a);
        double[] full = Decompositions.thinSvd(a).s();
        assertEquals(full.length, s.length);
        double scale = s.length == 0 ? 0 : s[0];
        for (int i = 0; i < s.length; i++) {
            assertTrue(Double.isFinite(s[i]), "σ_" + i + " not finite");
            assertTrue(Math.abs(s[i] - full[i]) <= TOL * scale, "σ_" + i + ": " + s[i] + " vs thin SVD " + full[i]);
        }
        if (s.length == 0 || scale < 1e-100) {
            return; // the Gram matrix of tiny entries underflows; nothing independent to compare with
        }
        Matrix small = a.rows() <= a.cols() ? a : a.transpose();
        double[] eig = Decompositions.eigSym(symmetrize(small.times(small.transpose()))).values();
        for (int i = 0; i < s.length; i++) {
            double lambda = eig[eig.length - 1 - i];
            assertTrue(Math.abs(s[i] * s[i] - lambda) <= TOL * scale * scale,
                    "σ_" + i + "² = " + s[i] * s[i] + " but eigenvalue of the Gram matrix is " + lambda);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void eigSymReconstructsGramAndIndefiniteMatrices(String name, Matrix a) {
        Matrix gram = symmetrize(a.transposeTimes(a));
        Matrix b = gaussian(a.cols(), a.cols(), 99).scale(a.maxAbs());
        Matrix indefinite = symmetrize(b.plus(b.transpose()).plus(gram));
        for (Matrix sym : List.of(gram, indefinite)) {
            SymmetricEigen e = Decompositions.eigSym(sym);
            int n = sym.rows();
            assertEquals(n, e.values().length);
            assertEquals(n + "x" + n, e.vectors().shape());
            assertTrue(e.vectors().allFinite() && Matrix.column(e.values()).allFinite(), "NaN or Inf");
            for (int i = 1; i < n; i++) {
                assertTrue(e.values()[i - 1] <= e.values()[i], "eigenvalues not ascending at " + i);
            }
            assertOrthonormalColumns(e.vectors(), "Q");
            Matrix q = e.vectors();
            assertClose(sym, Decompositions.scaleColumns(q, e.values()).times(q.transpose()), "Q diag(λ) Qᵀ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void choleskySolvesTheRegularizedGramSystem(String name, Matrix a) {
        // AᵀA + c·I is positive definite at the scale of A (c = ‖A‖_max², or 1 for the zero matrix)
        double c = a.maxAbs() == 0 ? 1.0 : a.maxAbs() * a.maxAbs();
        if (c == 0 || !Double.isFinite(1 / c)) {
            c = 1.0; // squares of 1e-300 underflow; the system is then just c·I
        }
        Matrix spd = symmetrize(a.transposeTimes(a)).plus(Matrix.identity(a.cols()).scale(c));
        Matrix rhs = gaussian(a.cols(), 3, 21);
        Matrix x = Decompositions.choleskySolve(spd, rhs);
        assertEquals(a.cols() + "x3", x.shape());
        assertTrue(x.allFinite(), "NaN or Inf");
        Matrix residual = spd.times(x).minus(rhs);
        double bound = TOL * (robustNorm(spd) * robustNorm(x) + robustNorm(rhs));
        assertTrue(robustNorm(residual) <= bound, "‖AX − B‖ = " + robustNorm(residual) + " > " + bound);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void pseudoInverseSatisfiesThePenroseConditions(String name, Matrix a) {
        Matrix p = Decompositions.pseudoInverse(a, 1e-10);
        assertEquals(a.cols() + "x" + a.rows(), p.shape());
        assertTrue(p.allFinite(), "NaN or Inf");
        assertClose(a, a.times(p).times(a), "A A⁺ A");
        assertClose(p, p.times(a).times(p), "A⁺ A A⁺");
        Matrix ap = a.times(p);
        Matrix pa = p.times(a);
        assertClose(ap, ap.transpose(), "(A A⁺)ᵀ");
        assertClose(pa, pa.transpose(), "(A⁺ A)ᵀ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void pseudoInverseSolveIsTheMinimumNormLeastSquaresSolution(String name, Matrix a) {
        Matrix b = gaussian(a.rows(), 2, 31).scale(Math.max(a.maxAbs(), Double.MIN_NORMAL));
        Matrix x = Decompositions.pseudoInverseSolve(a, b, 1e-10);
        assertEquals(a.cols() + "x2", x.shape());
        assertTrue(x.allFinite(), "NaN or Inf");
        // normal equations Aᵀ(AX − B) = 0, and X lies in the row space of A (X = A⁺A X)
        Matrix normal = a.transposeTimes(a.times(x).minus(b));
        double scale = robustNorm(a) * (robustNorm(a) * robustNorm(x) + robustNorm(b));
        assertTrue(robustNorm(normal) <= 1e-9 * scale, "‖Aᵀ(AX − B)‖ = " + robustNorm(normal));
        assertClose(x, Decompositions.pseudoInverse(a, 1e-10).times(a).times(x), "A⁺A X");
        double[] s = Decompositions.singularValues(a);
        boolean fullColumnRank = a.cols() > 0 && a.rows() >= a.cols() && s[s.length - 1] > 1e-6 * s[0]
                && s[0] > 1e-100;
        if (fullColumnRank) {
            // independent route: Cholesky on the normal equations AᵀA X = AᵀB
            Matrix viaCholesky = Decompositions.choleskySolve(symmetrize(a.transposeTimes(a)), a.transposeTimes(b));
            double cond = s[0] / s[s.length - 1];
            assertTrue(relativeError(viaCholesky, x) <= 1e-13 * cond * cond,
                    "A⁺B differs from the normal-equations solution by " + relativeError(viaCholesky, x));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void normsAgreeWithSingularValuesWithoutUnderflow(String name, Matrix a) {
        double[] s = Decompositions.singularValues(a);
        double sumSq = 0;
        double sum = 0;
        double top = s.length == 0 ? 0 : s[0];
        for (double v : s) {
            sumSq += (v / Math.max(top, Double.MIN_NORMAL)) * (v / Math.max(top, Double.MIN_NORMAL));
            sum += v;
        }
        double fro = top * Math.sqrt(sumSq);
        assertEquals(fro, a.frobeniusNorm(), TOL * fro, "Frobenius norm");
        assertEquals(top, a.spectralNorm(), TOL * top, "spectral norm");
        assertEquals(sum, a.nuclearNorm(), TOL * sum, "nuclear norm");
        assertTrue(fro == 0 || a.frobeniusNorm() > 0, "Frobenius norm underflowed to 0 for a nonzero matrix");
    }

    @Test
    void smallKnownDecompositions() {
        assertArrayEquals(new double[] {5, 3}, Decompositions.singularValues(Matrix.ofRows(new double[][] {{3, 0},
            {0, -5}})), 1e-15);
        assertArrayEquals(new double[] {1, 3}, Decompositions.eigSym(Matrix.ofRows(new double[][] {{2, 1}, {1, 2}}))
                .values(), 1e-15);
        Matrix spd = Matrix.ofRows(new double[][] {{4, 2}, {2, 3}});
        Matrix x = Decompositions.choleskySolve(spd, Matrix.column(2.0, 5.0));
        assertArrayEquals(new double[] {-0.5, 2}, x.asVector(), 1e-15);
        // min-norm solution of x1 + x2 = 2 is (1, 1)
        Matrix p = Decompositions.pseudoInverseSolve(Matrix.ofRows(new double[][] {{1, 1}}), Matrix.column(2.0), 1e-12);
        assertArrayEquals(new double[] {1, 1}, p.asVector(), 1e-15);
    }

    @Test
    void choleskyRefusesAnIndefiniteMatrix() {
        Matrix indefinite = Matrix.ofRows(new double[][] {{1, 2}, {2, 1}});
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> CholeskyFactor.of(indefinite));
        assertTrue(e.getMessage().contains("2x2") && e.getMessage().contains("not positive definite"),
                e.getMessage());
    }

    @Test
    void frobeniusNormNeitherUnderflowsNorOverflows() {
        Matrix threeFour = Matrix.ofRows(new double[][] {{3, 0}, {0, 4}});
        for (double scale : new double[] {1e-300, 1e-170, 1, 1e170, 1e300}) {
            assertEquals(5 * scale, threeFour.scale(scale).frobeniusNorm(), 1e-15 * 5 * scale, "scale " + scale);
        }
        assertEquals(Double.POSITIVE_INFINITY, Matrix.column(1, Double.POSITIVE_INFINITY).frobeniusNorm());
        assertTrue(Double.isNaN(Matrix.column(1, Double.NaN).frobeniusNorm()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void nanAndInfinityAreRefusedNamingTheOperation(String name, Matrix a) {
        if (a.rows() == 0 || a.cols() == 0) {
            return;
        }
        double[] data = a.toColumnMajor();
        data[data.length - 1] = Double.NaN;
        Matrix bad = Matrix.ofColumnMajor(a.rows(), a.cols(), data);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Decompositions.thinSvd(bad));
        assertTrue(e.getMessage().contains("thinSvd") && e.getMessage().contains(a.shape()), e.getMessage());
        data[data.length - 1] = Double.POSITIVE_INFINITY;
        Matrix inf = Matrix.ofColumnMajor(a.rows(), a.cols(), data);
        e = assertThrows(IllegalArgumentException.class, () -> Decompositions.singularValues(inf));
        assertTrue(e.getMessage().contains("singularValues") && e.getMessage().contains(a.shape()), e.getMessage());
    }

    // ---- helpers -------------------------------------------------------------------------------

    static Matrix gaussian(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return Matrix.ofColumnMajor(rows, cols, a);
    }

    /** (S + Sᵀ)/2: a Gram matrix from BLAS may differ from its transpose in the last bit. */
    static Matrix symmetrize(Matrix s) {
        return s.plus(s.transpose()).scale(0.5);
    }

    /** ‖M‖_F computed after scaling by the largest entry, so that 1e-300 entries do not underflow. */
    static double robustNorm(Matrix m) {
        double s = m.maxAbs();
        // divide rather than multiply by 1/s: s may be subnormal, 1/s infinite
        return s == 0 ? 0 : s * m.map(v -> v / s).frobeniusNorm();
    }

    /** ‖actual − expected‖_F / ‖expected‖_F (absolute when expected is zero). */
    static double relativeError(Matrix expected, Matrix actual) {
        double diff = robustNorm(actual.minus(expected));
        double ref = robustNorm(expected);
        return ref == 0 ? diff : diff / ref;
    }

    static void assertClose(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what + " shape");
        assertTrue(actual.allFinite(), what + " has NaN or Inf");
        double err = relativeError(expected, actual);
        assertTrue(err <= TOL, what + ": relative error " + err + " > " + TOL);
    }

    static void assertOrthonormalColumns(Matrix q, String what) {
        Matrix gram = q.transposeTimes(q);
        double err = gram.minus(Matrix.identity(q.cols())).maxAbs();
        assertTrue(err <= TOL, what + "ᵀ" + what + " differs from I by " + err);
    }
}
