package org.deepdual.solve.linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.model.Activation;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.solve.ChainObjective;
import org.deepdual.solve.Lbfgs;

/**
 * A local search for the deep linear objective that shares no code with the solver: L-BFGS on the
 * factored network itself ({@link ChainObjective}, the training objective of docs/theory.md §1 with its
 * gradient by backpropagation) from several starts — the zero network, the least-squares fit X⁺Y
 * and two shrunk copies of it, factored here (balanced for WD, budget shares for TC), and seeded
 * random networks. The width is min(d, K), enough for any end-to-end map.
 */
final class FactoredLocalSearch {
    /** The best value and the value reached from each start, in the order of {@link #starts}. */
    record Result(double best, double[] values) {
    }

    private final Matrix x;
    private final Matrix y;
    private final Problem problem;
    private final int width;
    private final ChainObjective objective;

    FactoredLocalSearch(Matrix x, Matrix y, Problem problem) {
        this.x = x;
        this.y = y;
        this.problem = problem;
        this.width = Math.min(x.cols(), y.cols());
        this.objective = new ChainObjective(x, y, Activation.IDENTITY, problem, width);
    }

    /** The zero network, X⁺Y scaled by 1, ½ and ¼, then {@code random} seeded random networks. */
    List<double[]> starts(int random, long seed) {
        List<double[]> out = new ArrayList<>();
        out.add(new double[objective.dimension()]);
        Matrix ls = Decompositions.pseudoInverseSolve(x, y, 1e-10);
        for (double scale : new double[] {1, 0.5, 0.25}) {
            out.add(factored(ls.scale(scale)));
        }
        Random rnd = new Random(seed);
        for (int k = 0; k < random; k++) {
            double[] p = new double[objective.dimension()];
            double scale = 0.2 + 0.5 * k;
            for (int i = 0; i < p.length; i++) {
                p[i] = scale * rnd.nextGaussian() / Math.sqrt(width);
            }
            out.add(p);
        }
        return out;
    }

    /** L-BFGS from every start, {@code iterations} each. */
    Result minimize(List<double[]> starts, int iterations) {
        double[] values = new double[starts.size()];
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < values.length; k++) {
            double[] p = starts.get(k).clone();
            values[k] = Lbfgs.minimize(objective::valueAndGradient, p, iterations);
            best = Math.min(best, values[k]);
        }
        return new Result(best, values);
    }

    /** The parameters of an aligned factorization of W (d × K) at this width. */
    private double[] factored(Matrix w) {
        Svd svd = Decompositions.thinSvd(w);
        int depth = problem.depth();
        int k = Math.min(width, svd.s().length);
        double[] sigma = new double[k];
        System.arraycopy(svd.s(), 0, sigma, 0, k);
        double[][] gains = new double[depth][k];
        if (problem.objective() == Objective.WD) {
            for (int l = 0; l < depth; l++) {
                for (int i = 0; i < k; i++) {
                    gains[l][i] = Math.pow(sigma[i], 1.0 / depth);
                }
            }
        } else {
            // the first L−2 layers share the budget t by σ_i^{2/L}; the last two split the rest evenly
            double t = problem.tValue();
            double total = 0;
            for (double s : sigma) {
                total += Math.pow(s, 2.0 / depth);
            }
            for (int i = 0; i < k; i++) {
                double early = total > 0 ? t * Math.sqrt(Math.pow(sigma[i], 2.0 / depth) / total) : 0;
                double late = early > 0 ? Math.sqrt(sigma[i] / Math.pow(early, depth - 2)) : 0;
                for (int l = 0; l < depth - 2; l++) {
                    gains[l][i] = early;
                }
                gains[depth - 2][i] = late;
                gains[depth - 1][i] = late;
            }
        }
        List<double[]> layers = new ArrayList<>();
        int d = x.cols();
        int outputs = y.cols();
        double[] first = new double[d * width];
        for (int i = 0; i < k; i++) {
            for (int r = 0; r < d; r++) {
                first[r + i * d] = svd.u().get(r, i) * gains[0][i];
            }
        }
        layers.add(first);
        for (int l = 1; l < depth - 1; l++) {
            double[] mid = new double[width * width];
            for (int i = 0; i < k; i++) {
                mid[i + i * width] = gains[l][i];
            }
            layers.add(mid);
        }
        double[] last = new double[width * outputs];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < outputs; c++) {
                last[i + c * width] = gains[depth - 1][i] * svd.v().get(c, i);
            }
        }
        layers.add(last);
        double[] p = new double[objective.dimension()];
        int off = 0;
        for (double[] layer : layers) {
            System.arraycopy(layer, 0, p, off, layer.length);
            off += layer.length;
        }
        return p;
    }
}
