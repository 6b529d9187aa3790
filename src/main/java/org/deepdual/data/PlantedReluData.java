package org.deepdual.data;

import java.util.Optional;
import java.util.Random;
import org.deepdual.linalg.Matrix;

/**
 * Planted two-layer ReLU data: Gaussian X ∈ R^{n×d} and y = Σ_h ±relu(x·a_h) over 5 planted neurons
 * a_h ~ N(0, I/d), plus N(0, 0.25) noise. The general data of the two-layer setting (docs/theory.md §9)
 * on which the relu2 benchmark and its tests run.
 */
public final class PlantedReluData {
    private PlantedReluData() {
    }

    public static Dataset generate(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] planted = new double[5][d];
        for (double[] row : planted) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian() / Math.sqrt(d);
            }
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian();
            }
            double f = 0;
            for (int h = 0; h < 5; h++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += planted[h][j] * x[i][j];
                }
                f += (h % 2 == 0 ? 1 : -1) * Math.max(s, 0);
            }
            y[i] = f + 0.5 * r.nextGaussian();
        }
        return new Dataset("planted-relu", Matrix.ofRows(x), Matrix.column(y), Optional.empty(),
                "planted-relu:n=" + n + ",d=" + d + ",seed=" + seed);
    }
}
