package org.deepdual.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deepdual.Approx;
import org.deepdual.data.Dataset;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.junit.jupiter.api.Test;

/**
 * Neural Collapse statistics of a deep linear network from the per-class moments of its inputs
 * (H = XP: means Pᵀμ_k, scatter Pᵀ S_W P) against the per-sample computation on the features
 * themselves ({@link CollapseStats#of}), on data that fits both ways, well and ill-conditioned.
 */
class LinearChainCollapseTest {
    private static final int K = 4;

    /** n × d rows in K classes with shifted class centres; columns scaled by 1 … 1/condition; centred. */
    private static Dataset data(Random r, int n, int d, double condition) {
        double[][] centres = new double[K][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = 2 * r.nextGaussian();
            }
        }
        int[] y = new int[n];
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            y[i] = i % K;
            for (int j = 0; j < d; j++) {
                double scale = Math.pow(condition, -j / (d - 1.0));
                x[i][j] = scale * (centres[y[i]][j] + r.nextGaussian()) + 50.0;  // offset removed below
            }
        }
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j];
            }
            mean /= n;
            for (double[] row : x) {
                row[j] -= mean;
            }
        }
        double[][] onehot = new double[n][K];
        for (int i = 0; i < n; i++) {
            onehot[i][y[i]] = 1;
        }
        return new Dataset("blobs", Matrix.ofRows(x), Matrix.ofRows(onehot), Optional.of(new Labels(y, K)), "fp");
    }

    private static Matrix gaussian(Random r, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return Matrix.ofRows(a);
    }

    private static void assertRelative(double expected, double actual, double tol, String what) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return;
        }
        if (!(Math.abs(actual - expected) <= tol * Math.abs(expected))) {
            fail(what + ": expected " + expected + " but got " + actual + " (relative difference "
                    + Math.abs(actual - expected) / Math.abs(expected) + ")");
        }
    }

    private static void assertCloseOrBothNaN(double expected, double actual, String what) {
        if (!(Double.isNaN(expected) && Double.isNaN(actual))) {
            Approx.assertRel(expected, actual, 1e-9, what);
        }
    }

    private static void assertSameStatistics(CollapseStats expected, CollapseStats actual, boolean decisions,
            String what) {
        assertRelative(expected.nc1(), actual.nc1(), 1e-9, what + " nc1");
        // NC2 and NC3 are distances between unit-normalised frames (scale 1): near collapse they are
        // rounding-level (1e-12) in both computations, so they are compared to 1e-9 relative with a floor of 1
        assertCloseOrBothNaN(expected.nc2Equinorm(), actual.nc2Equinorm(), what + " nc2_equinorm");
        assertCloseOrBothNaN(expected.nc2Equiangular(), actual.nc2Equiangular(), what + " nc2_equiangular");
        assertCloseOrBothNaN(expected.nc2EtfDev(), actual.nc2EtfDev(), what + " nc2_etf_dev");
        assertCloseOrBothNaN(expected.nc3Raw(), actual.nc3Raw(), what + " nc3_raw");
        assertCloseOrBothNaN(expected.nc3Centered(), actual.nc3Centered(), what + " nc3_centered");
        if (decisions) {
            assertEquals(expected.nc4(), actual.nc4(), 0.0, what + " nc4");
            assertEquals(expected.trainAccuracy(), actual.trainAccuracy(), 0.0, what + " train_accuracy");
        } else {
            assertTrue(Double.isNaN(actual.nc4()) && Double.isNaN(actual.trainAccuracy()), what);
            assertTrue(actual.reason().orElseThrow().contains(CollapseStats.NO_DECISIONS), what);
        }
    }

    /** Random chains, one with a zero hidden unit (a padded width), on three conditionings. */
    @Test
    void momentsMappedByTheChainEqualThePerSampleStatistics() {
        Random r = new Random(5);
        for (double condition : new double[] {1.0, 1e4, 1e7}) {
            Dataset data = data(r, 400, 12, condition);
            ClassMomentsAccumulator inputs = ClassMomentsAccumulator.of(data.x(), data.labels().get().classOf(), K);
            for (int depth : new int[] {2, 3, 5}) {
                List<Matrix> layers = new ArrayList<>();
                int width = 6;
                layers.add(gaussian(r, 12, width));
                for (int l = 2; l < depth; l++) {
                    layers.add(gaussian(r, width, width));
                }
                Matrix last = gaussian(r, width, K);
                if (depth == 3) {
                    double[] w = layers.get(1).toColumnMajor();
                    java.util.Arrays.fill(w, 2 * width, 3 * width, 0.0); // hidden unit 3 of layer 2 is off
                    layers.set(1, Matrix.ofColumnMajor(width, width, w));
                }
                layers.add(last);
                Network net = Network.chain(Activation.IDENTITY, layers);
                Matrix features = net.features(data.x());
                CollapseStats perSample = CollapseStats.of(features, last, data.labels().get());
                String what = "condition " + condition + ", L = " + depth;
                assertSameStatistics(perSample, NetworkStats.ofLinearChain(net, data, 1e-10, inputs, features)
                        .collapse().orElseThrow(), true, what);
                assertSameStatistics(perSample, NetworkStats.ofLinearChain(net, data, 1e-10, inputs, null)
                        .collapse().orElseThrow(), false, what + " (no decisions)");
            }
        }
    }

    /** Solved deep linear networks (one-hot targets, general X, low rank) on centred ill-conditioned data. */
    @Test
    void solvedNetworksOnCentredIllConditionedDataGiveThePerSampleStatistics() {
        Random r = new Random(11);
        Dataset data = data(r, 300, 8, 1e5);
        double kappa = Decompositions.thinSvd(data.x()).s()[0] / Decompositions.thinSvd(data.x()).s()[7];
        assertTrue(kappa > 1e4, "ill-conditioned: " + kappa);
        ClassMomentsAccumulator inputs = ClassMomentsAccumulator.of(data.x(), data.labels().get().classOf(), K);
        int compared = 0;
        for (int depth : new int[] {2, 3, 4}) {
            for (double beta : new double[] {0.01, 1.0, 20.0}) {
                Solution s = Solvers.solve(data, Problem.wd(Setting.LINEAR, beta, depth));
                if (s.network().isEmpty()) {
                    continue;
                }
                Network net = s.network().get();
                Matrix features = net.features(data.x());
                CollapseStats perSample = CollapseStats.of(features, net.layer(depth), data.labels().get());
                if (perSample.reason().isPresent()) {
                    continue; // e.g. the zero network: both paths say so, compared below only where defined
                }
                assertSameStatistics(perSample, NetworkStats.ofLinearChain(net, data, 1e-10, inputs, features)
                        .collapse().orElseThrow(), true, "L = " + depth + ", beta = " + beta);
                compared++;
            }
        }
        assertTrue(compared >= 6, compared + " solved networks compared");
    }

    @Test
    void linearImageIsTheMomentsOfTheMappedFeatures() {
        Random r = new Random(3);
        Dataset data = data(r, 200, 7, 1e3);
        int[] y = data.labels().get().classOf();
        Matrix p = gaussian(r, 7, 3);
        ClassMomentsAccumulator mapped = ClassMomentsAccumulator.of(data.x(), y, K).linearImage(p);
        ClassMomentsAccumulator direct = ClassMomentsAccumulator.of(data.x().times(p), y, K);
        for (int k = 0; k < K; k++) {
            assertEquals(direct.count(k), mapped.count(k));
        }
        double[] a = direct.withinScatter().toColumnMajor();
        double[] b = mapped.withinScatter().toColumnMajor();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-10 * Math.abs(direct.withinScatter().frobeniusNorm()), "scatter " + i);
        }
        double[] ma = direct.classMeans().toColumnMajor();
        double[] mb = mapped.classMeans().toColumnMajor();
        for (int i = 0; i < ma.length; i++) {
            assertEquals(ma[i], mb[i], 1e-10 * direct.classMeans().frobeniusNorm(), "mean " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> ClassMomentsAccumulator.of(data.x(), y, K)
                .linearImage(gaussian(r, 6, 3)));
    }

    @Test
    void refusesNetworksThatAreNotLinearChainsAndMomentsOfAnotherDataSet() {
        Random r = new Random(8);
        Dataset data = data(r, 40, 5, 1.0);
        ClassMomentsAccumulator inputs = ClassMomentsAccumulator.of(data.x(), data.labels().get().classOf(), K);
        Network relu = Network.chain(Activation.RELU, List.of(gaussian(r, 5, 3), gaussian(r, 3, K)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkStats.ofLinearChain(relu, data, 1e-10, inputs, null));
        assertTrue(e.getMessage().contains("linear chain"), e.getMessage());
        Network linear = Network.chain(Activation.IDENTITY, List.of(gaussian(r, 5, 3), gaussian(r, 3, K)));
        ClassMomentsAccumulator half = ClassMomentsAccumulator.of(data.x().rowRange(0, 20),
                java.util.Arrays.copyOf(data.labels().get().classOf(), 20), K);
        e = assertThrows(IllegalArgumentException.class,
                () -> NetworkStats.ofLinearChain(linear, data, 1e-10, half, null));
        assertTrue(e.getMessage().contains("20 samples"), e.getMessage());
    }
}
