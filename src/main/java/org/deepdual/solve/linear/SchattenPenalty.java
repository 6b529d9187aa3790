package org.deepdual.solve.linear;

import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.solve.core.AlignedFactorization;
import org.deepdual.solve.core.PowerProx;
import org.deepdual.solve.core.ReducedTcProblem;

/**
 * The regulariser of the end-to-end map of a deep linear network (docs/theory.md L2, L5), per unit
 * of β, as a function of the singular values σ of W: WD {@code (L/2)Σσ_i^{2/L}}, TC
 * {@code t^{−(L−2)}(Σσ_i^{2/L})^{L/2}} (γ = βt^{−(L−2)}). The penalty at any β is β times this, so a
 * network found at one β is priced at every other β of its path by one multiplication.
 *
 * @param objective WD or TC
 * @param depth L ≥ 2
 * @param t the TC budget (NaN for WD)
 */
record SchattenPenalty(Objective objective, int depth, double t) {

    static SchattenPenalty of(Problem p) {
        return new SchattenPenalty(p.objective(), p.depth(), p.objective() == Objective.TC ? p.tValue() : Double.NaN);
    }

    /** γ/β: t^{−(L−2)} for TC (1 for WD, whose L = 2 case is the nuclear norm with γ = β). */
    double gammaPerBeta() {
        return objective == Objective.TC ? Math.pow(t, -(depth - 2)) : 1.0;
    }

    /** The penalty per unit β of a map with singular values σ (zeros allowed). */
    double perBeta(double[] sigma) {
        double sum = 0;
        for (double v : sigma) {
            sum += v > 0 ? Math.pow(v, 2.0 / depth) : 0.0;
        }
        if (objective == Objective.WD) {
            return 0.5 * depth * sum;
        }
        return gammaPerBeta() * Math.pow(sum, 0.5 * depth);
    }

    /**
     * The global minimiser over m ≥ 0 of {@code ½‖m − b‖² + w·perBeta(m)} for singular values b (the
     * singular-value prox with weight w = β × step): prox_pow per value for WD, the reduced TC problem
     * of docs/theory.md §5 for TC.
     */
    double[] prox(double[] b, double w) {
        if (objective == Objective.WD) {
            double[] m = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                m[i] = PowerProx.prox(b[i], depth, w);
            }
            return m;
        }
        return new ReducedTcProblem(b, w * gammaPerBeta(), depth).solve().amplitudes();
    }

    /** The layer gains of the optimal factorization: balanced (WD, L2) or budget shares (TC, L5). */
    double[][] gains(double[] sigma) {
        return objective == Objective.WD ? AlignedFactorization.balanced(sigma, depth)
                : AlignedFactorization.budgetShares(sigma, depth, t);
    }
}
