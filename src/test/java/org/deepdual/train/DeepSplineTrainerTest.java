package org.deepdual.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.spline.DeepSplineEmbeddingSolver;
import org.deepdual.solve.spline.OneDimensionalSplineSolver;
import org.junit.jupiter.api.Test;

/**
 * Setting relu-1d-deep (docs/theory.md §7.3): a trained cell is BOUNDS with its network's forward
 * objective as primal and no dual, never above the embedded two-layer optimum it starts from, with
 * hidden and output biases in every layer; the embedding solver's bound is the embedded network's
 * value; depth 2 and tc are refused with the reason.
 */
class DeepSplineTrainerTest {
    private static final Dataset SEVEN = new Dataset("seven",
            Matrix.column(new double[] {-1.5, -1.0, -0.25, 0.0, 0.5, 1.25, 2.0}),
            Matrix.column(new double[] {0.5, -1.0, 0.75, 1.5, -0.25, -1.75, 0.25}), Optional.empty(), "seven");

    @Test
    void trainedCellIsBoundsWithItsForwardValueBelowTheEmbeddedOptimum() {
        Problem p = Problem.wd(Setting.RELU_1D_DEEP, 0.3, 3).withWidth(8);
        // through the entry point the sweep and the solve command call: relu-1d-deep paths are trained
        Solution s = BaselineSeeding.solvePath(Solvers.prepare(Setting.RELU_1D_DEEP, SEVEN), List.of(p),
                Relu2Seed.DEFAULT).get(0);
        assertEquals(Status.BOUNDS, s.status(), s.reason().orElse(""));
        assertFalse(s.certified());
        assertTrue(s.dual().isEmpty(), "no lower bound is claimed");
        Network net = s.network().orElseThrow();
        assertEquals(3, net.depth());
        assertEquals(2, net.hiddenBiases().size(), "a free bias in every hidden layer");
        assertEquals(1, net.outputBias().length, "and at the output");
        double forward = ForwardObjective.evaluate(net, SEVEN.x(), SEVEN.y(), p).value();
        assertEquals(forward, s.primal().getAsDouble(), 1e-12 * Math.max(1, forward));

        DeepSplineEmbeddingSolver embedding = new DeepSplineEmbeddingSolver();
        OneDimensionalSplineSolver.Prepared prepared = embedding.prepare(SEVEN);
        Solution bound = embedding.solve(prepared, p);
        assertEquals(Status.BOUNDS, bound.status());
        assertTrue(bound.dual().isEmpty());
        double upper = bound.primal().getAsDouble();
        assertEquals(ForwardObjective.evaluate(bound.network().get(), SEVEN.x(), SEVEN.y(), p).value(), upper,
                1e-12 * Math.max(1, upper));
        double embedded = ForwardObjective.evaluate(DeepSplineEmbeddingSolver.embedded(
                embedding.twoLayerOptimum(prepared, p), p), SEVEN.x(), SEVEN.y(), p).value();
        double mean = java.util.Arrays.stream(SEVEN.y().column(0)).average().getAsDouble();
        double constant = java.util.Arrays.stream(SEVEN.y().column(0)).map(v -> 0.5 * (v - mean) * (v - mean)).sum();
        assertEquals(Math.min(embedded, constant), upper, 1e-12 * Math.max(1, upper),
                "the better of the embedded two-layer optimum and the constant network");
        assertTrue(s.primal().getAsDouble() <= embedded + 1e-12, "training starts from the embedded optimum: "
                + s.primal().getAsDouble() + " > " + embedded);
        String reason = s.reason().orElseThrow();
        assertTrue(reason.startsWith("trained") && reason.contains("two-layer optimum P2 = ")
                && reason.contains("kinks off data"), reason);
    }

    @Test
    void depthTwoAndTcAreRefusedWithTheReason() {
        IllegalArgumentException shallow = assertThrows(IllegalArgumentException.class,
                () -> Problem.wd(Setting.RELU_1D_DEEP, 0.1, 2));
        assertTrue(shallow.getMessage().contains("depth must be >= 3 for setting relu-1d-deep"), shallow.getMessage());
        IllegalArgumentException tc = assertThrows(IllegalArgumentException.class,
                () -> Problem.tc(Setting.RELU_1D_DEEP, 0.1, 3, 1.0));
        assertTrue(tc.getMessage().contains("(objective wd) only, got objective tc"), tc.getMessage());
        IllegalArgumentException notOneD = assertThrows(IllegalArgumentException.class,
                () -> Solvers.prepare(Setting.RELU_1D_DEEP, new Dataset("wide", Matrix.identity(3), Matrix.column(
                        new double[] {1, 2, 3}), Optional.empty(), "wide")));
        assertTrue(notOneD.getMessage().contains("one column"), notOneD.getMessage());
    }
}
