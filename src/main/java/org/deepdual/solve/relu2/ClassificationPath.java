package org.deepdual.solve.relu2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Loss;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;

/**
 * relu2 with the logistic or hinge loss (docs/theory.md §14.3): each cell of a β path solves
 * {@link PatternGlm} over the problem's enumerated (d ≤ 2) or sampled patterns, warm from the previous
 * cell's blocks, and rebuilds the network as the squared-loss solver does. {@code primal} is the forward
 * objective of that network; {@code dual} is the conjugate's dual function g(αλ) at a dual-feasible αλ:
 * for d ≤ 2 with ρ = max_{‖u‖≤1}|λᵀrelu(Xu)|/β computed exactly ({@link ReluDualCertificate#exactMax}) and
 * the cell is OPTIMAL and certified when the gap is at most {@link TwoLayerReluSolver#GAP_TOLERANCE}; for
 * d > 2 with the proven sign-split bound on that maximum ({@link SignSplitBound}), and the cell is BOUNDS
 * (OPTIMAL, not certified, when sampling provably found every pattern). λ is the better of −∇ℓ at the
 * network's output (logistic; for hinge its complementary-slackness values) and the solver's dual iterate,
 * moved into the dual function's domain; α is the best scale in [0, α_max], α_max the largest keeping αλ
 * in the domain and feasible (g(αλ) is concave in α), never below 1/max(1, ρ). Seed networks are not used.
 */
final class ClassificationPath {
    /** The relative program gap the iterations aim at (the certificate then decides the status). */
    static final double PROGRAM_TOLERANCE = 1e-11;
    static final int LOGISTIC_ITERATIONS = 30000;
    static final int HINGE_ITERATIONS = 60000;
    private static final int GOLDEN_STEPS = 120;

    private ClassificationPath() {
    }

    static List<TwoLayerReluSolver.Cell> solve(TwoLayerReluSolver.Prepared prepared, List<Problem> path) {
        Dataset data = prepared.data();
        List<TwoLayerReluSolver.Cell> out = new ArrayList<>(path.size());
        double[] warm = null;
        String warmKey = null;
        for (Problem problem : path) {
            if (problem.setting() != org.deepdual.model.Setting.RELU2) {
                throw new IllegalArgumentException("setting must be relu2 for TwoLayerReluSolver, got "
                        + problem.setting());
            }
            if (problem.beta() <= 0) {
                out.add(new TwoLayerReluSolver.Cell(Solution.failed(problem, "beta must be > 0 for relu2"),
                        Double.NaN, Double.NaN));
                continue;
            }
            problem.loss().validateTargets(data.y());
            long start = System.nanoTime();
            ActivationPatterns patterns = prepared.patterns(problem);
            String key = prepared.enumerates() ? "enumerated" : problem.patterns() + "@" + problem.seed();
            PatternGlm program = new PatternGlm(data.x(), data.y().column(0), patterns, problem.loss());
            int cap = problem.loss() == Loss.LOGISTIC ? LOGISTIC_ITERATIONS : HINGE_ITERATIONS;
            PatternGlm.Run run = program.solve(problem.beta(), key.equals(warmKey) ? warm : null,
                    PROGRAM_TOLERANCE, cap);
            warm = run.z();
            warmKey = key;
            Solution s = assemble(data, problem, program, patterns, run, start);
            out.add(new TwoLayerReluSolver.Cell(s, run.value(), run.lowerBound()));
        }
        return out;
    }

    private static Solution assemble(Dataset data, Problem problem, PatternGlm program, ActivationPatterns patterns,
            PatternGlm.Run run, long start) {
        double beta = problem.beta();
        Loss loss = problem.loss();
        Network net = TwoLayerReluSolver.recover(run.z(), program.d, program.p);
        double primal = ForwardObjective.evaluate(net, data.x(), data.y(), problem).value();
        double[] f = net.forward(data.x()).column(0);
        Matrix y = data.y();
        double[] fromFit = loss == Loss.HINGE ? program.snapped(f, run.lambda()) : program.negativeGradient(f);
        String method = run.interiorPoint() ? "interior point (barrier, Newton steps)"
                : loss == Loss.LOGISTIC ? "accelerated proximal gradient" : "primal-dual (Chambolle-Pock)";
        String how = String.format(Locale.ROOT, "%s over %d patterns: %d iterations, program gap %.2e%s",
                method, patterns.count(), run.iterations(), run.relativeGap(),
                run.converged() || run.interiorPoint() ? "" : " (iteration cap)");
        Solution.Builder b = Solution.builder(problem).primal(primal).network(net).neededWidth(net.maxHiddenWidth())
                .iterations(run.iterations());
        boolean exact = data.d() <= 2;
        Scaled best = null;
        for (double[] candidate : new double[][] {fromFit, run.lambda()}) {
            double[] lambda = loss.intoDualDomain(Matrix.column(candidate), y).column(0);
            double max = exact ? ReluDualCertificate.exactMax(data.x(), lambda)
                    : Math.max(SignSplitBound.of(data.x(), lambda, 1.0), SignSplitBound.of(data.x(), lambda, -1.0))
                            * (1 + 1e-10);
            Scaled s = Scaled.best(loss, lambda, y, max, beta);
            if (best == null || s.value > best.value) {
                best = s;
            }
        }
        b.dual(best.value).dualVariable(Matrix.column(best.lambda));
        double gap = primal - best.value;
        double tol = TwoLayerReluSolver.GAP_TOLERANCE * Math.max(1.0, Math.abs(primal));
        if (exact) {
            if (gap <= tol) {
                b.status(Status.OPTIMAL).certified(true).reason(how);
            } else {
                b.status(Status.BOUNDS).reason(String.format(Locale.ROOT, "certificate gap %.3e exceeds %.3e; ",
                        gap, tol) + how);
            }
        } else {
            String bound = String.format(Locale.ROOT, "dual is the %s conjugate at a point scaled by a proven"
                    + " sign-split bound (rho <= %.4g)", loss, best.maxCorrelation / beta);
            if (patterns.exhaustive()) {
                b.status(Status.OPTIMAL).reason("all " + patterns.count() + " patterns found by sampling, so the"
                        + " value is the optimum; " + bound + "; " + how);
            } else {
                b.status(Status.BOUNDS).reason(patterns.count() + " distinct patterns from " + problem.patterns()
                        + " sampled directions (seed " + problem.seed() + "): primal is an upper bound; " + bound
                        + "; " + how);
            }
        }
        return b.timeNanos(System.nanoTime() - start).build();
    }

    /** The dual-feasible αλ with the largest g(αλ), α ∈ [0, α_max]. */
    record Scaled(double[] lambda, double value, double maxCorrelation) {
        /**
         * α_max = min(1/max_i p_i, β/maxCorrelation) with p = λ∘y ∈ [0, 1] (αλ stays in the domain, and
         * feasible whenever maxCorrelation bounds max_u |λᵀrelu(Xu)|); g(αλ) is concave in α, so a golden
         * section finds its best α, compared with α_max and with the standard 1/max(1, ρ).
         */
        static Scaled best(Loss loss, double[] lambda, Matrix y, double maxCorrelation, double beta) {
            double largestP = 0;
            for (int k = 0; k < lambda.length; k++) {
                largestP = Math.max(largestP, lambda[k] * y.get(k, 0));
            }
            double alphaMax = Math.min(largestP > 0 ? 1 / largestP : 1.0,
                    maxCorrelation > 0 ? beta / maxCorrelation : Double.POSITIVE_INFINITY);
            double lo = 0;
            double hi = alphaMax;
            double ratio = (Math.sqrt(5) - 1) / 2;
            for (int step = 0; step < GOLDEN_STEPS; step++) {
                double m1 = hi - ratio * (hi - lo);
                double m2 = lo + ratio * (hi - lo);
                if (value(loss, lambda, y, m1) < value(loss, lambda, y, m2)) {
                    lo = m1;
                } else {
                    hi = m2;
                }
            }
            double bestAlpha = 0.5 * (lo + hi);
            double standard = Math.min(1.0, beta / Math.max(maxCorrelation, beta));
            for (double a : new double[] {alphaMax, standard}) {
                if (value(loss, lambda, y, a) > value(loss, lambda, y, bestAlpha)) {
                    bestAlpha = a;
                }
            }
            double[] scaled = lambda.clone();
            for (int k = 0; k < scaled.length; k++) {
                scaled[k] *= bestAlpha;
            }
            return new Scaled(scaled, loss.dualValue(Matrix.column(scaled), y), maxCorrelation);
        }

        private static double value(Loss loss, double[] lambda, Matrix y, double alpha) {
            double[] s = lambda.clone();
            for (int k = 0; k < s.length; k++) {
                s[k] *= alpha;
            }
            return loss.dualValue(Matrix.column(s), y);
        }
    }
}
