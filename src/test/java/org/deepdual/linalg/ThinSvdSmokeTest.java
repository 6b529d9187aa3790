package org.deepdual.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ThinSvdSmokeTest {
    @Test
    void tallAndWideReconstruct() {
        for (int[] shape : new int[][] {{500, 300}, {300, 500}, {1000, 5}, {1, 7}, {7, 1}}) {
            Random r = new Random(1);
            double[] a = new double[shape[0] * shape[1]];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian();
            }
            Matrix m = Matrix.ofColumnMajor(shape[0], shape[1], a);
            Svd svd = Decompositions.thinSvd(m);
            assertEquals(0.0, svd.reconstruct().minus(m).frobeniusNorm() / m.frobeniusNorm(), 1e-12);
        }
    }
}
