package org.deepdual.train;

import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.BnVariant;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Back-propagated gradients against central finite differences, one case per architecture. */
class TrainingObjectiveGradientTest {

    static Stream<Arguments> architectures() {
        return Stream.of(
                Arguments.of("linear wd L=3", Problem.wd(Setting.LINEAR, 0.3, 3), 4, 2),
                Arguments.of("linear wd L=2", Problem.wd(Setting.LINEAR, 0.7, 2), 4, 3),
                Arguments.of("linear tc L=4", Problem.tc(Setting.LINEAR, 0.3, 4, 0.9), 4, 1),
                Arguments.of("relu wd L=3", Problem.wd(Setting.RELU_WHITENED, 0.2, 3), 4, 2),
                Arguments.of("relu tc L=3", Problem.tc(Setting.RELU_RANK1, 0.2, 3, 1.3), 4, 1),
                Arguments.of("bn relu L=3", Problem.wd(Setting.BN, 0.4, 3), 4, 3),
                Arguments.of("bn linear L=4", Problem.wd(Setting.BN, 0.4, 4).withVariant(BnVariant.LINEAR), 4, 3),
                Arguments.of("bn relu tc L=4", Problem.tc(Setting.BN, 0.4, 4, 2.0), 4, 2),
                Arguments.of("relu2", Problem.wd(Setting.RELU2, 0.3, 2), 3, 1),
                Arguments.of("relu-1d", Problem.wd(Setting.RELU_1D, 0.1, 2), 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void gradientMatchesCentralDifferences(String name, Problem problem, int d, int k) {
        Random r = new Random(name.hashCode());
        int n = 9;
        Matrix x = gaussian(r, n, d);
        Matrix y = gaussian(r, n, k);
        Architecture arch = Architecture.forProblem(problem, d, k, 5);
        double[] theta = arch.initial(r, x, y);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.3 * r.nextGaussian();
        }
        TrainingObjective f = new TrainingObjective(arch, x, y);
        double[] grad = new double[theta.length];
        double value = f.valueAndGradient(theta, grad);
        assertRel(value, f.value(theta), 0, name + ": value without gradient");

        Network net = arch.network(theta);
        ForwardObjective fo = ForwardObjective.evaluate(net, x, y, problem);
        assertRel(fo.value(), value, 1e-12, name + ": objective equals ForwardObjective");
        assertTrue(fo.tcViolation() < 1e-12, name + ": tc violation " + fo.tcViolation());

        double gMax = 0;
        for (double g : grad) {
            gMax = Math.max(gMax, Math.abs(g));
        }
        assertTrue(gMax > 1e-3, name + ": gradient should not vanish at a random point");
        double worst = 0;
        for (int i = 0; i < theta.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(theta[i]));
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (f.value(plus) - f.value(minus)) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - grad[i]));
        }
        assertTrue(worst <= 1e-6 * Math.max(1, gMax), name + ": largest gradient error " + worst
                + " (largest entry " + gMax + ")");
    }

    static Matrix gaussian(Random r, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = r.nextGaussian();
            }
        }
        return Matrix.ofRows(a);
    }
}
