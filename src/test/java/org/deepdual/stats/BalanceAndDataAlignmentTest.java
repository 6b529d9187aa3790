package org.deepdual.stats;

import static org.deepdual.Approx.assertAbs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.model.Activation;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.Network;
import org.junit.jupiter.api.Test;

class BalanceAndDataAlignmentTest {

    @Test
    void balancedFactorizationOfAMatrixHasZeroResidual() {
        // W = U S Vᵀ split as (U S^½ Q)(Qᵀ S^½ Vᵀ) with Q orthogonal: W_1ᵀW_1 = QᵀSQ = W_2W_2ᵀ
        Random r = new Random(5);
        Matrix w = randomMatrix(r, 5, 3);
        Svd svd = Decompositions.thinSvd(w);
        double[] root = new double[3];
        for (int i = 0; i < 3; i++) {
            root[i] = Math.sqrt(svd.s()[i]);
        }
        Matrix q = Decompositions.thinSvd(randomMatrix(r, 3, 3)).u();
        Matrix w1 = Decompositions.scaleColumns(svd.u(), root).times(q);
        Matrix w2 = q.transpose().times(Decompositions.scaleColumns(svd.v(), root).transpose());
        double res = Balance.residual(Network.chain(Activation.IDENTITY, List.of(w1, w2)));
        assertTrue(res < 1e-14, "residual " + res);
    }

    @Test
    void linearResidualByHand() {
        // W_1 = 2I, W_2 = I: ‖4I − I‖_F / ‖2I‖_F² = 3√2/8
        Network net = Network.chain(Activation.IDENTITY, List.of(Matrix.identity(2).scale(2), Matrix.identity(2)));
        assertAbs(3 * Math.sqrt(2) / 8, Balance.residual(net), 1e-15, "balance");
    }

    @Test
    void reluResidualOnlyComparesNeuronNorms() {
        // columns of W_1 have squared norms 1, 4 and rows of W_2 too: per-neuron balanced, but
        // W_1ᵀW_1 = [[1,2],[2,4]] differs from W_2W_2ᵀ = diag(1,4) off the diagonal (linear residual √8/5)
        Matrix w1 = Matrix.ofRows(new double[][] {{1, 2}, {0, 0}});
        Matrix w2 = Matrix.diagonal(1, 2);
        assertAbs(0.0, Balance.residual(Network.chain(Activation.RELU, List.of(w1, w2))), 1e-15, "relu");
        assertAbs(Math.sqrt(8) / 5, Balance.residual(Network.chain(Activation.IDENTITY, List.of(w1, w2))), 1e-15,
                "linear");
        // rows of W_2 = diag(2, 1) have squared norms 4, 1: differences −3, 3 → √18/5
        Network unbalanced = Network.chain(Activation.RELU, List.of(w1, Matrix.diagonal(2, 1)));
        assertAbs(Math.sqrt(18) / 5, Balance.residual(unbalanced), 1e-15, "relu unbalanced");
    }

    @Test
    void residualIsTheMaximumOverConsecutivePairs() {
        Matrix i2 = Matrix.identity(2);
        Network net = Network.chain(Activation.IDENTITY, List.of(i2, i2, i2.scale(2), i2.scale(2)));
        // pairs: (I, I) → 0; (I, 2I) → ‖I − 4I‖/‖I‖² = 3√2/2; (2I, 2I) → 0
        assertAbs(3 * Math.sqrt(2) / 2, Balance.residual(net), 1e-15, "max over pairs");
    }

    @Test
    void zeroLayersGiveZeroAndADeadLayerGivesInfinity() {
        Network zero = Network.chain(Activation.IDENTITY, List.of(Matrix.zeros(3, 2), Matrix.zeros(2, 1)));
        assertEquals(0.0, Balance.residual(zero));
        Network dead = Network.chain(Activation.RELU, List.of(Matrix.zeros(3, 2), Matrix.column(1, 1)));
        assertEquals(Double.POSITIVE_INFINITY, Balance.residual(dead));
    }

    @Test
    void batchNormResidualComparesBatchNormParametersWithOutputRows() {
        // neuron 1: γ² + α² = 1 vs ‖row‖² = 1; neuron 2: 4 + 1 = 5 vs 9: residual |5 − 9| / (1 + 5) = 2/3
        BatchNorm bn = new BatchNorm(new double[] {1, 2}, new double[] {0, 1}, Activation.RELU);
        Matrix w1 = Matrix.identity(2);
        Matrix w2 = Matrix.identity(2).scale(7);
        Matrix w3 = Matrix.ofRows(new double[][] {{1, 0}, {0, 3}});
        Network net = new Network(Activation.RELU, List.of(w1, w2, w3), Optional.of(bn), List.of(), new double[0]);
        assertAbs(4.0 / 6.0, Balance.residual(net), 1e-15, "bn balance");
    }

    @Test
    void firstLayerAlongXTransposeLambdaIsAligned() {
        Random r = new Random(2);
        Matrix x = randomMatrix(r, 8, 4);
        Matrix lambda = randomMatrix(r, 8, 1);
        double[] dir = x.transposeTimes(lambda.asVector());
        Matrix w1 = LayerAndAlignmentStatsTest.outer(dir, new double[] {0.5, -1.0, 0.0});
        assertAbs(1.0, DataAlignment.scalarLinear(w1, x, lambda), 1e-12, "aligned");
        // a first layer orthogonal to Xᵀλ: project a random direction off it
        double[] g = LayerAndAlignmentStatsTest.gaussian(r, 4);
        double dd = 0;
        double gd = 0;
        for (int i = 0; i < 4; i++) {
            dd += dir[i] * dir[i];
            gd += g[i] * dir[i];
        }
        for (int i = 0; i < 4; i++) {
            g[i] -= gd / dd * dir[i];
        }
        Matrix orth = LayerAndAlignmentStatsTest.outer(g, new double[] {1.0});
        assertAbs(0.0, DataAlignment.scalarLinear(orth, x, lambda), 1e-12, "orthogonal");
        assertTrue(Double.isNaN(DataAlignment.scalarLinear(Matrix.zeros(4, 2), x, lambda)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> DataAlignment.scalarLinear(w1, x, randomMatrix(r, 8, 2)));
        assertTrue(e.getMessage().contains("lambda") && e.getMessage().contains("8x2"), e.getMessage());
    }

    static Matrix randomMatrix(Random r, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = r.nextGaussian();
            }
        }
        return Matrix.ofRows(a);
    }
}
