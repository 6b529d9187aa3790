package org.deepdual.model;

import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Vectors;

/**
 * The objective recomputed from explicit weights by a plain forward pass (docs/theory.md §1):
 * the problem's {@link Loss} ℓ(f(X), Y) (squared: {@code ½‖f(X) − Y‖²}) plus the setting's penalty. Independent of every solver, so it is what tests
 * and {@code forward_primal} trust.
 *
 * @param loss ℓ(f(X), Y), the data term (½‖f(X) − Y‖_F² for the squared loss)
 * @param penalty the regularisation term
 * @param tcViolation for {@code tc}: max_l (‖W_l‖_F − t)₊ over l ≤ L−2; 0 otherwise
 */
public record ForwardObjective(double loss, double penalty, double tcViolation) {

    public double value() {
        return loss + penalty;
    }

    /** Evaluates the network on (X, Y) under the problem's setting and objective. */
    public static ForwardObjective evaluate(Network net, Matrix x, Matrix y, Problem problem) {
        return ofOutput(net, net.forward(x), y, problem);
    }

    /**
     * The same from the network's penultimate features {@code net.features(X)}, computed once and shared with
     * the statistics (org.deepdual.stats.NetworkStats): f(X) is formed from them exactly as {@link Network#forward}
     * forms it, so the value is the same to the last bit.
     */
    public static ForwardObjective fromFeatures(Network net, Matrix features, Matrix y, Problem problem) {
        return ofOutput(net, net.outputOf(features), y, problem);
    }

    private static ForwardObjective ofOutput(Network net, Matrix output, Matrix y, Problem problem) {
        double loss = problem.loss().value(output, y);
        double beta = problem.beta();
        int depth = net.depth();
        double sq;
        double violation = 0;
        if (net.batchNorm().isPresent()) {
            BatchNorm bn = net.batchNorm().get();
            sq = Vectors.normSquared(bn.gamma()) + Vectors.normSquared(bn.alpha())
                    + net.layer(depth).frobeniusNormSquared();
        } else if (problem.objective() == Objective.TC) {
            sq = net.layer(depth - 1).frobeniusNormSquared() + net.layer(depth).frobeniusNormSquared();
            double t = problem.tValue();
            for (int l = 1; l <= depth - 2; l++) {
                violation = Math.max(violation, net.layer(l).frobeniusNorm() - t);
            }
        } else {
            sq = 0;
            for (Matrix w : net.weights()) {
                sq += w.frobeniusNormSquared();
            }
        }
        return new ForwardObjective(loss, 0.5 * beta * sq, Math.max(0.0, violation));
    }
}
