package org.deepdual.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.Loss;
import org.deepdual.model.Network;
import org.junit.jupiter.api.Test;

/** Margins and train accuracy under the classification losses (docs/theory.md §14), counted by hand. */
class MarginStatsTest {
    @Test
    void signedMarginsCountAccuracyAndHingeViolations() {
        // margins y·f = 2, −0.5, 0.5, 3
        MarginStats m = MarginStats.ofOutputs(Matrix.column(2, 0.5, 0.5, -3), Matrix.column(1, -1, 1, -1));
        assertEquals(0.75, m.trainAccuracy());
        assertEquals(-0.5, m.minMargin());
        assertEquals(5.0 / 4, m.meanMargin(), 1e-15);
        assertEquals(0.5, m.belowOne());
    }

    @Test
    void oneHotMarginIsTheTrueLogitAboveTheBestRival() {
        Matrix f = Matrix.ofRows(new double[][] {{3, 1, 0}, {0, 2, 2.5}});
        Matrix y = Matrix.ofRows(new double[][] {{1, 0, 0}, {0, 1, 0}});
        MarginStats m = MarginStats.ofOutputs(f, y);
        assertEquals(0.5, m.trainAccuracy());
        assertEquals(-0.5, m.minMargin());
        assertEquals(0.75, m.meanMargin(), 1e-15);
    }

    @Test
    void squaredLossHasNoMarginsAndTheNetworkOutputIsUsed() {
        Network net = Network.chain(Activation.IDENTITY, List.of(Matrix.column(1.0).transpose(), Matrix.column(2.0)));
        Matrix x = Matrix.column(1, -1);
        Matrix y = Matrix.column(1, 1);
        assertTrue(MarginStats.of(net, x, y, Loss.SQUARED).isEmpty());
        MarginStats m = MarginStats.of(net, x, y, Loss.HINGE).orElseThrow();
        assertEquals(0.5, m.trainAccuracy());
        assertEquals(-2.0, m.minMargin());
    }
}
