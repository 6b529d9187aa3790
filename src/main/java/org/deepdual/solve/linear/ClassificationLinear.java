package org.deepdual.solve.linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Loss;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.core.AlignedFactorization;
import org.deepdual.solve.core.NuclearNormGlm;

/**
 * A {@code linear} cell with a classification loss (docs/theory.md §14.4). The network reduces to
 * {@code min_M ℓ(XM) + γ‖M‖_{S_{2/L}}} (TC, γ = βt^{−(L−2)}) or {@code ℓ(XM) + β‖M‖_*} (WD at L = 2, the only
 * WD depth accepted); the nuclear-norm problem {@code min_M ℓ(XM) + γ‖M‖_*} ({@link NuclearNormGlm}) is that
 * problem when L = 2 or K = 1 and a proven lower bound otherwise (‖·‖_{S_{2/L}} ≥ ‖·‖_*). Its dual
 * {@code max g(Λ)} s.t. ‖XᵀΛ‖₂ ≤ γ gives {@code dual}, at a point checked against X itself. The network is
 * rebuilt from the best of the nuclear-norm solution and its truncations (TC factorization of L5, or balanced
 * at L = 2 for WD), and {@code primal} is that network's forward objective. OPTIMAL and certified when the gap
 * is at most {@link #GAP_RTOL} relative (always possible where the reduction is exact — L = 2 or K = 1 — and for
 * vector tc at L ≥ 3 where the nuclear-norm solution has rank ≤ 1, on which the two norms agree); otherwise BOUNDS
 * with both values proven.
 */
final class ClassificationLinear {
    /** The relative gap at which an exact cell is certified. */
    static final double GAP_RTOL = NuclearNormGlm.CERTIFIED_RTOL;
    /** The relative certificate gap the iterations aim at. */
    static final double SOLVE_RTOL = 1e-12;

    private ClassificationLinear() {
    }

    static Solution solve(PreparedLinearData d, Problem p, boolean reconstructWeights) {
        Dataset data = d.data();
        Loss loss = p.loss();
        loss.validateTargets(data.y());
        int depth = p.depth();
        String refusal = Problem.lossCellRefusal(p.setting(), p.variant(), loss, p.objective(), depth, p.beta());
        if (!refusal.isEmpty()) {
            throw new IllegalArgumentException(refusal);
        }
        double gamma = p.objective() == Objective.WD ? p.beta() : p.beta() * Math.pow(p.tValue(), -(depth - 2));
        int k = data.outputs();
        int r = d.rank();
        Matrix b = Decompositions.scaleColumns(d.u(), d.s());
        NuclearNormGlm glm = new NuclearNormGlm(b, data.y(), loss, gamma);
        NuclearNormGlm.Fit fit = r == 0 ? new NuclearNormGlm.Fit(Matrix.zeros(0, k), 0, true, 0)
                : glm.solve(null, SOLVE_RTOL);
        NuclearNormGlm.Candidates found = r == 0
                ? new NuclearNormGlm.Candidates(List.of(fit.a()),
                        // X = 0: −∇ℓ(0) is feasible for every γ, as XᵀΛ = 0
                        new NuclearNormGlm.DualPoint(zeroFitDual(loss, data.y()), Double.NaN))
                : glm.candidates(fit);
        List<Matrix> candidates = new ArrayList<>(found.primal());
        boolean exactReduction = depth == 2 || k == 1;
        if (!exactReduction) {
            candidates.addAll(truncations(fit.a()));
        }
        Built best = null;
        for (Matrix a : candidates) {
            Built built = build(d, p, a);
            if (best == null || built.primal < best.primal) {
                best = built;
            }
        }
        NuclearNormGlm.DualPoint dual = found.dual();
        // feasibility against X itself, not the reduced B: a last scaling absorbs the rounding of the SVD
        double rho = NuclearNormGlm.spectral(data.x().transposeTimes(dual.lambda()));
        Matrix lambda = rho > gamma ? dual.lambda().scale(gamma / rho) : dual.lambda();
        double dualValue = loss.dualValue(lambda, data.y());
        double gap = best.primal - dualValue;
        double scale = Math.max(1, Math.abs(best.primal));
        boolean meet = gap <= GAP_RTOL * scale;
        Solution.Builder sb = Solution.builder(p).primal(best.primal).dual(dualValue).neededWidth(Math.max(1, best.rank))
                .iterations(fit.iterations());
        String how = String.format(Locale.ROOT, "%s nuclear-norm GLM (%s): %d iterations, certificate gap %.2e",
                loss, loss == Loss.HINGE ? "smoothed FISTA with continuation and margin polish" : "FISTA",
                fit.iterations(), gap / scale);
        // meeting bounds prove the optimum whatever the reduction (for vector tc at L ≥ 3 they meet where the
        // nuclear-norm solution has rank ≤ 1, on which the two norms agree)
        if (meet) {
            sb.status(Status.OPTIMAL).certified(true).reason(how);
        } else if (!exactReduction) {
            sb.status(Status.BOUNDS).reason(String.format(Locale.ROOT, "vector output at L = %d: the nuclear-norm"
                    + " problem is a lower bound of the Schatten-2/%d one (docs/theory.md §14.4), not tight where its"
                    + " solution has rank %d >= 2; the best network found has rank %d; gap %.3e (%.1e relative); %s",
                    depth, depth, rankOf(fit.a()), best.rank, gap, gap / scale, how));
        } else {
            sb.status(Status.BOUNDS).reason(String.format(Locale.ROOT, "certificate gap %.3e exceeds %.1e relative; %s",
                    gap / scale, GAP_RTOL, how));
        }
        if (p.objective() == Objective.WD) {
            double t = 0;
            for (double v : best.sigma) {
                t += Math.pow(v, 2.0 / depth);
            }
            sb.tStar(Math.sqrt(t));
        }
        if (reconstructWeights) {
            sb.network(best.network).endToEnd(best.endToEnd).dualVariable(lambda);
        }
        return sb.build();
    }

    private static Matrix zeroFitDual(Loss loss, Matrix y) {
        return loss.intoDualDomain(loss.gradient(Matrix.zeros(y.rows(), y.cols()), y).scale(-1), y);
    }

    private static int rankOf(Matrix a) {
        return a.rows() == 0 ? 0 : Decompositions.thinSvd(a).rank(1e-12);
    }

    /** The rank-j truncations of A, j = 1 … rank − 1 (candidates where the Schatten-2/L penalty favours low rank). */
    private static List<Matrix> truncations(Matrix a) {
        Svd svd = Decompositions.thinSvd(a);
        int rank = svd.rank(1e-12);
        List<Matrix> out = new ArrayList<>();
        for (int j = 1; j < rank; j++) {
            out.add(Decompositions.scaleColumns(svd.u().columns(0, j), java.util.Arrays.copyOf(svd.s(), j))
                    .times(svd.v().columns(0, j).transpose()));
        }
        return out;
    }

    private record Built(Network network, Matrix endToEnd, double primal, int rank, double[] sigma) {
    }

    /** The network of M = V A as aligned layers (TC: budget shares; WD: balanced) and its forward objective. */
    private static Built build(PreparedLinearData d, Problem p, Matrix a) {
        Dataset data = d.data();
        int k = data.outputs();
        int rank;
        Matrix left;
        Matrix right;
        double[] sigma;
        if (a.rows() == 0 || a.frobeniusNorm() == 0) {
            rank = 0;
            left = Matrix.zeros(data.d(), 0);
            right = Matrix.zeros(k, 0);
            sigma = new double[0];
        } else {
            Svd svd = Decompositions.thinSvd(a);
            rank = svd.rank(1e-14);
            sigma = java.util.Arrays.copyOf(svd.s(), rank);
            left = d.v().times(svd.u().columns(0, rank));
            right = svd.v().columns(0, rank);
        }
        double[][] gains = p.objective() == Objective.WD ? AlignedFactorization.balanced(sigma, p.depth())
                : AlignedFactorization.budgetShares(sigma, p.depth(), p.tValue());
        Network net = AlignedFactorization.network(Activation.IDENTITY, left, right, gains);
        double primal = ForwardObjective.evaluate(net, data.x(), data.y(), p).value();
        Matrix endToEnd = rank == 0 ? Matrix.zeros(data.d(), k) : d.v().times(a);
        return new Built(net, endToEnd, primal, rank, sigma);
    }
}
