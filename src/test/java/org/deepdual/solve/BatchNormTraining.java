package org.deepdual.solve;

import org.deepdual.model.Activation;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.BnVariant;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deepdual.linalg.Matrix;

/**
 * Brute-force training of a batch-norm network (docs/theory.md §8) for tests: the objective is
 * {@link ForwardObjective} of the network built from a parameter vector, the gradient central
 * differences, the optimiser {@link Lbfgs}. Slow, but it shares nothing with the solver.
 */
public final class BatchNormTraining {
    private final Matrix x;
    private final Matrix y;
    private final Problem problem;
    private final Activation after;
    private final int[] dims;

    /** dims = [d, m_1, …, m_{L−1}, K]; the BN layer has width m_{L−1}. */
    public BatchNormTraining(Matrix x, Matrix y, Problem problem, int[] dims) {
        this.x = x;
        this.y = y;
        this.problem = problem;
        this.after = problem.variant().orElseThrow() == BnVariant.RELU ? Activation.RELU : Activation.IDENTITY;
        this.dims = dims.clone();
    }

    private int count() {
        int p = 0;
        for (int l = 0; l + 1 < dims.length; l++) {
            p += dims[l] * dims[l + 1];
        }
        return p + 2 * dims[dims.length - 2];
    }

    public Network network(double[] theta) {
        List<Matrix> weights = new ArrayList<>();
        int off = 0;
        for (int l = 0; l + 1 < dims.length; l++) {
            int size = dims[l] * dims[l + 1];
            double[] w = new double[size];
            System.arraycopy(theta, off, w, 0, size);
            weights.add(Matrix.ofColumnMajor(dims[l], dims[l + 1], w));
            off += size;
        }
        int m = dims[dims.length - 2];
        double[] gamma = new double[m];
        double[] alpha = new double[m];
        System.arraycopy(theta, off, gamma, 0, m);
        System.arraycopy(theta, off + m, alpha, 0, m);
        return new Network(Activation.RELU, weights, Optional.of(new BatchNorm(gamma, alpha, after)), List.of(),
                new double[0]);
    }

    /** The parameters of {@code net} padded with zeros to this trainer's widths. */
    public double[] pack(Network net) {
        double[] theta = new double[count()];
        int off = 0;
        for (int l = 0; l + 1 < dims.length; l++) {
            double[] w = net.layer(l + 1).padTo(dims[l], dims[l + 1]).toColumnMajor();
            System.arraycopy(w, 0, theta, off, w.length);
            off += w.length;
        }
        BatchNorm bn = net.batchNorm().orElseThrow();
        System.arraycopy(bn.gamma(), 0, theta, off, bn.width());
        System.arraycopy(bn.alpha(), 0, theta, off + dims[dims.length - 2], bn.width());
        return theta;
    }

    public double valueAndGradient(double[] theta, double[] grad) {
        double f = ForwardObjective.evaluate(network(theta), x, y, problem).value();
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            double h = 1e-6 * Math.max(1, Math.abs(keep));
            theta[i] = keep + h;
            double up = ForwardObjective.evaluate(network(theta), x, y, problem).value();
            theta[i] = keep - h;
            double down = ForwardObjective.evaluate(network(theta), x, y, problem).value();
            theta[i] = keep;
            grad[i] = (up - down) / (2 * h);
        }
        return f;
    }

    public double bestOfRandomStarts(int starts, long seed, int maxIterations) {
        Random r = new Random(seed);
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < starts; k++) {
            double[] theta = new double[count()];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = r.nextGaussian();
            }
            best = Math.min(best, Lbfgs.minimize(this::valueAndGradient, theta, maxIterations));
        }
        return best;
    }

    public double fromPerturbed(Network net, double noise, long seed, int maxIterations) {
        Random r = new Random(seed);
        double[] theta = pack(net);
        double sum = 0;
        for (double t : theta) {
            sum += t * t;
        }
        double scale = Math.sqrt(sum / theta.length);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += noise * scale * r.nextGaussian();
        }
        return Lbfgs.minimize(this::valueAndGradient, theta, maxIterations);
    }
}
