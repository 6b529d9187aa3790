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
        double loss = problem.loss().value(net.forward(x), y);
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
