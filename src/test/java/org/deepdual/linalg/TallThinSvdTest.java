package org.deepdual.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.lapack.LAPACK;
import org.junit.jupiter.api.Test;
import org.netlib.util.intW;

/**
 * The thin SVD of tall matrices despite dev.ludovic.netlib lapack 3.2.0, whose argument check
 * wants U to be m×m for JOBZ='S'. Decompositions decomposes Aᵀ instead.
 */
class TallThinSvdTest {

    @Test
    void rawDgesddOnATallMatrixIsRefusedByNetlib() {
        // the bug the workaround exists for; if this starts passing through, netlib fixed its check
        int m = 2000;
        int n = 4;
        double[] a = DecompositionsContractTest.gaussian(m, n, 5).toColumnMajor();
        double[] s = new double[n];
        double[] u = new double[m * n];
        double[] vt = new double[n * n];
        double[] work = new double[100_000];
        int[] iwork = new int[8 * n];
        assertThrows(IndexOutOfBoundsException.class, () -> LAPACK.getInstance().dgesdd("S", m, n, a, m, s, u, m, vt,
                n, work, work.length, iwork, new intW(0)));
    }

    @Test
    void thinSvdOfATallMatrixHasThinFactors() {
        Matrix a = DecompositionsContractTest.gaussian(20_000, 6, 6);
        Svd svd = Decompositions.thinSvd(a);
        assertEquals("20000x6", svd.u().shape());
        assertEquals("6x6", svd.v().shape());
        DecompositionsContractTest.assertOrthonormalColumns(svd.u(), "U");
        DecompositionsContractTest.assertOrthonormalColumns(svd.v(), "V");
        DecompositionsContractTest.assertClose(a, svd.reconstruct(), "U diag(s) Vᵀ");
    }

    @Test
    void tallAndWideOrientationsGiveTheSameSingularValues() {
        Matrix a = DecompositionsContractTest.gaussian(800, 30, 7);
        double[] tall = Decompositions.thinSvd(a).s();
        double[] wide = Decompositions.thinSvd(a.transpose()).s();
        for (int i = 0; i < tall.length; i++) {
            assertTrue(Math.abs(tall[i] - wide[i]) <= 1e-12 * tall[0], "σ_" + i + ": " + tall[i] + " vs " + wide[i]);
        }
    }
}
