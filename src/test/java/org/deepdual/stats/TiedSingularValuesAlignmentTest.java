package org.deepdual.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.junit.jupiter.api.Test;

/**
 * Where singular values tie, single singular vectors are arbitrary inside the tie, so top-1 alignment must not
 * depend on which basis the decomposition picked: the spans are compared instead. Without ties the values are
 * the plain |v_i·u_i|.
 */
class TiedSingularValuesAlignmentTest {

    @Test
    void layersSharingATiedPlaneAreAlignedWhateverTheBasisInsideIt() {
        Random r = new Random(3);
        Matrix p = orthogonal(4, r);
        Matrix q = orthogonal(4, r);
        Matrix out = orthogonal(4, r);
        for (int k = 0; k < 12; k++) {
            double theta = Math.PI * k / 12;
            // W_l = P diag(2, 2, 1, 0.5) Qᵀ; W_{l+1} = (Q G_θ) diag(3, 3, 1, 0.2) Outᵀ with G_θ a rotation of the
            // tied plane: W_{l+1}'s leading left vectors span the plane of W_l's leading right vectors for every θ
            Matrix wl = p.times(Matrix.diagonal(2, 2, 1, 0.5)).times(q.transpose());
            Matrix wNext = q.times(planeRotation(4, theta)).times(Matrix.diagonal(3, 3, 1, 0.2)).times(out.transpose());
            AlignmentStats a = AlignmentStats.between(wl, wNext, 1e-6);
            assertEquals(1.0, a.top1(), 1e-10, "theta " + theta);
            assertEquals(1.0, a.top2(), 1e-10, "theta " + theta);
            assertEquals(1.0, a.subspace(), 1e-10, "theta " + theta);
        }
    }

    @Test
    void withoutTiesTopOneAndTwoAreThePlainCosines() {
        Random r = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            Matrix wl = gaussian(5, 4, r);
            Matrix wNext = gaussian(4, 3, r);
            Svd a = Decompositions.thinSvd(wl);
            Svd b = Decompositions.thinSvd(wNext);
            double c11 = 0;
            double c22 = 0;
            for (int i = 0; i < 4; i++) {
                c11 += a.v().get(i, 0) * b.u().get(i, 0);
                c22 += a.v().get(i, 1) * b.u().get(i, 1);
            }
            AlignmentStats s = AlignmentStats.between(wl, wNext, 1e-6);
            assertEquals(Math.abs(c11), s.top1(), 1e-12);
            assertEquals(Math.abs(c22), s.top2(), 1e-12);
        }
    }

    private static Matrix planeRotation(int n, double theta) {
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            g[i][i] = 1;
        }
        g[0][0] = Math.cos(theta);
        g[0][1] = -Math.sin(theta);
        g[1][0] = Math.sin(theta);
        g[1][1] = Math.cos(theta);
        return Matrix.ofRows(g);
    }

    private static Matrix orthogonal(int n, Random r) {
        return Decompositions.thinSvd(gaussian(n, n, r)).u();
    }

    private static Matrix gaussian(int rows, int cols, Random r) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return Matrix.ofRows(a);
    }
}
