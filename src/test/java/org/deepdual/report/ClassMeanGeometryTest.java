package org.deepdual.report;

import static org.deepdual.Approx.assertAbs;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Class-mean geometry: an exact simplex ETF sits on its fitted vertices, a random configuration does not. */
class ClassMeanGeometryTest {
    @Test
    void classIndicatorFeaturesFormAnEquilateralTriangleOnTheEtf() {
        int[] lab = {0, 1, 2, 0, 1, 2};
        double[][] h = new double[6][3];
        for (int i = 0; i < 6; i++) {
            h[i][lab[i]] = 2.0;
        }
        ClassMeanGeometry g = ClassMeanGeometry.of(Matrix.ofRows(h), Labels.of(lab), 2);
        assertAbs(0, g.etfDeviation(), 1e-12, "distance to the nearest simplex ETF");
        Matrix c = g.coordinates();
        double[] norms = new double[3];
        for (int k = 0; k < 3; k++) {
            norms[k] = Math.hypot(c.get(0, k), c.get(1, k));
            assertAbs(c.get(0, k), g.etf().get(0, k), 1e-12, "x of vertex " + k);
            assertAbs(c.get(1, k), g.etf().get(1, k), 1e-12, "y of vertex " + k);
        }
        // centred means e_k − 1/3: norm 2·√(2/3), pairwise cosine −1/2
        for (int k = 0; k < 3; k++) {
            assertRel(2 * Math.sqrt(2.0 / 3), norms[k], 1e-12, "equinorm");
            int j = (k + 1) % 3;
            double cos = (c.get(0, k) * c.get(0, j) + c.get(1, k) * c.get(1, j)) / (norms[k] * norms[j]);
            assertRel(-0.5, cos, 1e-12, "equiangular");
        }
    }

    @Test
    void aCollapsedTenClassConfigurationIsARegularDecagonInThePetriePlane() {
        int k = 10;
        int[] lab = new int[3 * k];
        double[][] h = new double[3 * k][k + 2];
        for (int i = 0; i < lab.length; i++) {
            lab[i] = i % k;
            h[i][i % k] = 1.5;
            h[i][k] = 0.7; // a shared offset the centring removes
        }
        ClassMeanGeometry g = ClassMeanGeometry.of(Matrix.ofRows(h), Labels.of(lab), 2);
        assertAbs(0, g.etfDeviation(), 1e-12, "distance to the nearest simplex ETF");
        Matrix c = g.coordinates();
        double r0 = Math.hypot(c.get(0, 0), c.get(1, 0));
        for (int j = 0; j < k; j++) {
            assertRel(r0, Math.hypot(c.get(0, j), c.get(1, j)), 1e-12, "radius of vertex " + j);
            int next = (j + 1) % k;
            double cos = (c.get(0, j) * c.get(0, next) + c.get(1, j) * c.get(1, next)) / (r0 * r0);
            assertRel(Math.cos(2 * Math.PI / k), cos, 1e-12, "angle between vertices " + j + " and " + next);
        }
    }

    @Test
    void randomMeansAreClearlyNotAnEtf() {
        Random rnd = new Random(7);
        int n = 40;
        int[] lab = new int[n];
        double[][] h = new double[n][5];
        for (int i = 0; i < n; i++) {
            lab[i] = i % 4;
            for (int j = 0; j < 5; j++) {
                h[i][j] = rnd.nextGaussian();
            }
        }
        ClassMeanGeometry g = ClassMeanGeometry.of(Matrix.ofRows(h), Labels.of(lab), 3);
        assertTrue(g.etfDeviation() > 0.1, "deviation " + g.etfDeviation());
    }

    @Test
    void coincidingMeansGiveNaNNotAnException() {
        int[] lab = {0, 1, 0, 1};
        ClassMeanGeometry g = ClassMeanGeometry.of(Matrix.zeros(4, 3), Labels.of(lab), 2);
        assertTrue(Double.isNaN(g.etfDeviation()));
    }
}
