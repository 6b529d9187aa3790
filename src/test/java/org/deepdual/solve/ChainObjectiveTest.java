package org.deepdual.solve;

import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.solve.linear.DeepLinearSolverTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** The brute-force objective: its gradient against central differences, its value against the forward pass. */
class ChainObjectiveTest {

    @Test
    void gradientMatchesFiniteDifferences() {
        Matrix x = DeepLinearSolverTest.gaussian(5, 3, 1);
        Matrix y = DeepLinearSolverTest.gaussian(5, 2, 2);
        for (Activation act : Activation.values()) {
            for (Problem p : new Problem[] {Problem.wd(Setting.LINEAR, 0.3, 3), Problem.tc(Setting.LINEAR, 0.3, 4, 0.8)}) {
                ChainObjective f = new ChainObjective(x, y, act, p, 3);
                Random rnd = new Random(3);
                double[] w = new double[f.dimension()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = rnd.nextGaussian();
                }
                double[] g = new double[w.length];
                f.valueAndGradient(w, g);
                for (int i = 0; i < w.length; i++) {
                    double h = 1e-6;
                    double[] plus = w.clone();
                    double[] minus = w.clone();
                    plus[i] += h;
                    minus[i] -= h;
                    double[] scratch = new double[w.length];
                    double fd = (f.valueAndGradient(plus, scratch) - f.valueAndGradient(minus, scratch)) / (2 * h);
                    assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), act + " " + p.objective() + " [" + i + "]");
                }
            }
        }
    }

    @Test
    void valueIsTheForwardObjective() {
        Matrix x = DeepLinearSolverTest.gaussian(4, 3, 5);
        Matrix y = DeepLinearSolverTest.gaussian(4, 1, 6);
        Problem p = Problem.tc(Setting.LINEAR, 0.7, 4, 1.3);
        ChainObjective f = new ChainObjective(x, y, Activation.RELU, p, 2);
        Random rnd = new Random(7);
        double[] w = new double[f.dimension()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian();
        }
        Network net = Network.chain(Activation.RELU, f.weights(w));
        ForwardObjective fo = ForwardObjective.evaluate(net, x, y, p);
        assertEquals(fo.value(), f.valueAndGradient(w, new double[w.length]), 1e-12);
        assertTrue(fo.tcViolation() < 1e-12, "the parametrisation keeps the constraint active");
    }
}
