package org.deepdual.solve;

import java.util.Optional;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

class ScratchRelu2Test {
    @Test
    void explore() {
        Random r = new Random(3);
        int n = Integer.parseInt(System.getenv().getOrDefault("N", "8"));
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = -1 + 2 * r.nextDouble();
            x[i][1] = 1;
            y[i] = r.nextGaussian();
        }
        Dataset data = new Dataset("s", Matrix.ofRows(x), Matrix.column(y), Optional.empty(), "s");
        for (double relax : new double[] {Double.parseDouble(System.getenv().getOrDefault("RELAX", "1.6"))}) {
            TwoLayerReluSolver solver = new TwoLayerReluSolver(AdmmSettings.DEFAULT.withRelaxation(relax));
            TwoLayerReluSolver.Prepared prep = solver.prepare(data);
            System.out.println("patterns " + prep.patterns(Problem.wd(Setting.RELU2, 0.1, 2)).count());
            for (double beta : java.util.Arrays.stream(System.getenv().getOrDefault("BETAS", "0.01,0.05,0.3,1,10").split(",")).mapToDouble(Double::parseDouble).toArray()) {
                Problem p = Problem.wd(Setting.RELU2, beta, 2);
                TwoLayerReluSolver.Fit f = solver.fit(prep, p, prep::program, Optional.empty());
                Solution s = f.solution();
                System.out.printf("relax %.1f beta %.3f status %s it %d primal %.12f convex %.12f dual %.12f gap %.3e width %d %s%n",
                        relax, beta, s.status(), s.iterations(), s.primal().orElse(Double.NaN), f.convexValue(),
                        s.dual().orElse(Double.NaN), s.gap().orElse(Double.NaN), s.neededWidth(), s.reason().orElse(""));
            }
        }
    }
}
