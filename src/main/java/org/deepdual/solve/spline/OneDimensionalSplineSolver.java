package org.deepdual.solve.spline;

import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Loss;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.core.DualSolver;
import org.deepdual.solve.core.PreparedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;

/**
 * Setting {@code relu-1d} (docs/theory.md §7.2): the two-layer ReLU network with free biases on
 * 1-D data, {@code f(x) = Σ_j w2_j relu(w1_j x + b_j) + b_out} with penalty (β/2)(‖w1‖² + ‖w2‖²),
 * solved exactly as the Lasso over ramps with knots at the data ({@link RampLasso}). The optimum is
 * a linear spline with kinks at data points ({@link LinearSpline}); each ramp coefficient c becomes
 * one neuron with |w1| = |w2| = √|c| and bias −w1·κ, and the intercept becomes the output bias.
 *
 * <p>X must be n × 1, or n × 2 with one column of ones (a bias column, which the free biases make
 * redundant; its first-layer weights are zero). {@code dual} is the Lasso dual bound; the result is
 * {@code OPTIMAL} and certified when the gap is at most 1e-9·max(1, |primal|) after the exact solve
 * on the support (1e-6 when only coordinate descent converged). β = 0 is interpolation of the mean
 * target at each distinct x, solved in closed form.
 */
public final class OneDimensionalSplineSolver implements DualSolver<OneDimensionalSplineSolver.Prepared> {
    /** The relative gap at which a logistic or hinge cell is certified (issue 23: 1e-8). */
    public static final double CLASSIFICATION_GAP = 1e-8;

    /** The 1-D inputs, the targets and the ramp dictionary, once per data set. */
    public static final class Prepared implements PreparedData {
        private final Dataset data;
        private final int inputColumn;
        private final double[] x;
        private final double[] y;
        private final RampLasso lasso;
        private RampDictionary dictionary;

        private Prepared(Dataset data, int inputColumn) {
            this.data = data;
            this.inputColumn = inputColumn;
            // + 0.0 turns −0.0 into 0.0, so equal inputs give one knot
            this.x = java.util.Arrays.stream(data.x().column(inputColumn)).map(v -> v + 0.0).toArray();
            this.y = data.y().column(0);
            this.lasso = new RampLasso(x, y);
        }

        @Override
        public Dataset data() {
            return data;
        }

        /** The uncentred ramp dictionary for the classification losses, built on first use. */
        synchronized RampDictionary dictionary() {
            if (dictionary == null) {
                dictionary = new RampDictionary(lasso, x);
            }
            return dictionary;
        }

        /** The column of X holding the input (the other one, if any, is the bias column). */
        public int inputColumn() {
            return inputColumn;
        }
    }

    /** A solved cell with its spline. */
    public record SplineFit(Solution solution, LinearSpline spline) {
    }

    @Override
    public Setting setting() {
        return Setting.RELU_1D;
    }

    @Override
    public Prepared prepare(Dataset data) {
        if (data.y().cols() != 1) {
            throw new IllegalArgumentException("relu-1d needs a single output column: Y of data set '" + data.name()
                    + "' is " + data.y().shape());
        }
        Matrix x = data.x();
        if (x.cols() == 1) {
            return new Prepared(data, 0);
        }
        if (x.cols() == 2) {
            boolean firstOnes = allOnes(x.column(0));
            boolean secondOnes = allOnes(x.column(1));
            if (firstOnes != secondOnes) {
                return new Prepared(data, firstOnes ? 1 : 0);
            }
        }
        throw new IllegalArgumentException("relu-1d needs X with one column, or two columns one of which is all"
                + " ones (a bias column): X of data set '" + data.name() + "' is " + x.shape());
    }

    private static boolean allOnes(double[] c) {
        for (double v : c) {
            if (v != 1.0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Solution solve(Prepared prepared, Problem problem) {
        return fit(prepared, problem).solution();
    }

    /** The fitted spline of one cell (knots at the distinct data points, values of the optimal fit). */
    public LinearSpline spline(Prepared prepared, Problem problem) {
        return fit(prepared, problem).spline();
    }

    /**
     * Warm-started along the path: each cell's active-set solve starts from the previous cell's
     * support and signs. The solve is exact (gap ≤ 1e-9), so a cell's value does not depend on where
     * it started.
     */
    @Override
    public List<Solution> solvePath(Prepared prepared, List<Problem> path) {
        List<Solution> out = new ArrayList<>(path.size());
        double[] warm = new double[prepared.lasso.size()];
        for (Problem problem : path) {
            WarmFit f = fit(prepared, problem, warm);
            out.add(f.solution());
            if (f.coefficients().length == warm.length && problem.beta() > 0) {
                warm = f.coefficients();
            }
        }
        return out;
    }

    /** Solves one cell and returns the solution with its spline. */
    public SplineFit fit(Prepared prepared, Problem problem) {
        return fit(prepared, problem, new double[prepared.lasso.size()]).fit();
    }

    /** A fit with the ramp coefficients a warm start resumes from. */
    private record WarmFit(SplineFit fit, double[] coefficients) {
        Solution solution() {
            return fit.solution();
        }
    }

    private WarmFit fit(Prepared prepared, Problem problem, double[] warm) {
        if (problem.setting() != Setting.RELU_1D) {
            throw new IllegalArgumentException("setting must be relu-1d for OneDimensionalSplineSolver, got "
                    + problem.setting());
        }
        if (problem.loss() != Loss.SQUARED) {
            return classificationFit(prepared, problem, warm);
        }
        long start = System.nanoTime();
        RampLasso lasso = prepared.lasso;
        double beta = problem.beta();
        RampLasso.Result result = beta > 0 ? lasso.solveActiveSet(beta, warm) : interpolation(prepared);
        Network net = network(prepared, result.coefficients(), result.intercept());
        ForwardObjective fo = ForwardObjective.evaluate(net, prepared.data.x(), prepared.data.y(), problem);
        double primal = fo.value();
        double gap = primal - result.dual();
        double tol = (result.exact() ? RampLasso.EXACT_GAP : RampLasso.ITERATIVE_GAP) * Math.max(1.0, Math.abs(primal));
        Solution.Builder b = Solution.builder(problem).primal(primal).dual(result.dual()).network(net)
                .dualVariable(Matrix.column(result.lambda()))
                .neededWidth(net.maxHiddenWidth()).iterations(result.epochs());
        if (gap <= tol) {
            b.status(Status.OPTIMAL).certified(true);
        } else {
            b.status(Status.BOUNDS).reason(String.format(Locale.ROOT,
                    "ramp lasso gap %.3e exceeds %.3e after %d coordinate-descent epochs", gap, tol, result.epochs()));
        }
        Solution solution = b.timeNanos(System.nanoTime() - start).build();
        return new WarmFit(new SplineFit(solution, spline(lasso, result)), result.coefficients());
    }

    /**
     * Logistic or hinge loss (docs/theory.md §14.2): the ℓ1-regularized GLM over the same ramps, solved by
     * {@link LogisticRampGlm} or {@link HingeRampLp}; {@code primal} is the forward objective of the returned
     * network and {@code dual} the conjugate's value at a feasible dual point made from the solver's proposal.
     * OPTIMAL and certified when the gap is at most {@link #CLASSIFICATION_GAP} relative, else BOUNDS.
     */
    private WarmFit classificationFit(Prepared prepared, Problem problem, double[] warm) {
        long start = System.nanoTime();
        WarmFit f = classificationFit(prepared, problem, warm, start);
        if (!f.solution().certified() && Arrays.stream(warm).anyMatch(v -> v != 0)) {
            // a warm start from a far β can lead the active-set Newton steps astray (30 random labels,
            // β 0.01 → 0.031: primal 843 against 20.1 from a cold start); the cold start decides then
            WarmFit cold = classificationFit(prepared, problem, new double[warm.length], start);
            if (gap(cold.solution()) < gap(f.solution())) {
                return cold;
            }
        }
        return f;
    }

    private static double gap(Solution s) {
        return s.primal().orElse(Double.POSITIVE_INFINITY) - s.dual().orElse(Double.NEGATIVE_INFINITY);
    }

    private WarmFit classificationFit(Prepared prepared, Problem problem, double[] warm, long start) {
        Loss loss = problem.loss();
        loss.validateTargets(prepared.data.y());
        RampDictionary dict = prepared.dictionary();
        double beta = problem.beta();
        double[] coef;
        double intercept;
        double[] proposal;
        int iterations;
        String method;
        if (loss == Loss.LOGISTIC) {
            LogisticRampGlm glm = new LogisticRampGlm(dict, prepared.y);
            LogisticRampGlm.Fit f = glm.solve(beta, warm);
            coef = f.coefficients();
            intercept = f.intercept();
            proposal = glm.negativeGradient(dict.fit(coef, intercept));
            iterations = f.steps();
            method = "active-set Newton steps";
        } else {
            HingeRampLp.Fit f = new HingeRampLp(dict, prepared.y).solve(beta);
            coef = f.coefficients();
            intercept = f.intercept();
            proposal = f.lambda();
            iterations = f.pivots();
            method = f.finished() ? "simplex pivots" : "simplex pivots (stopped before optimality)";
        }
        RampDictionary.DualPoint dual = dict.feasibleDual(loss, prepared.y, proposal, beta);
        Network net = network(prepared, coef, intercept);
        double primal = ForwardObjective.evaluate(net, prepared.data.x(), prepared.data.y(), problem).value();
        double gap = primal - dual.value();
        double tol = CLASSIFICATION_GAP * Math.max(1.0, Math.abs(primal));
        Solution.Builder b = Solution.builder(problem).primal(primal).dual(dual.value()).network(net)
                .dualVariable(Matrix.column(dual.lambda())).neededWidth(net.maxHiddenWidth()).iterations(iterations);
        if (gap <= tol) {
            b.status(Status.OPTIMAL).certified(true);
        } else {
            b.status(Status.BOUNDS).reason(String.format(Locale.ROOT, "%s ramp GLM gap %.3e exceeds %.3e after %d %s",
                    loss, gap, tol, iterations, method));
        }
        Solution solution = b.timeNanos(System.nanoTime() - start).build();
        RampLasso.Result asResult = new RampLasso.Result(coef, intercept, primal, dual.lambda(), dual.value(),
                gap <= tol, iterations);
        return new WarmFit(new SplineFit(solution, spline(prepared.lasso, asResult)),
                loss == Loss.LOGISTIC ? coef : new double[0]);
    }

    /** β = 0: the fit interpolates the mean target of each distinct x (right ramps, exact). */
    private static RampLasso.Result interpolation(Prepared prepared) {
        RampLasso lasso = prepared.lasso;
        TreeMap<Double, double[]> groups = new TreeMap<>();
        for (int i = 0; i < prepared.x.length; i++) {
            double[] g = groups.computeIfAbsent(prepared.x[i], k -> new double[2]);
            g[0] += prepared.y[i];
            g[1] += 1;
        }
        double[] knots = lasso.knots;
        double[] mean = new double[knots.length];
        for (int k = 0; k < knots.length; k++) {
            double[] g = groups.get(knots[k]);
            mean[k] = g[0] / g[1];
        }
        double[] a = new double[lasso.size()];
        double previousSlope = 0;
        for (int k = 0; k + 1 < knots.length; k++) {
            double slope = (mean[k + 1] - mean[k]) / (knots[k + 1] - knots[k]);
            a[k] = slope - previousSlope;
            previousSlope = slope;
        }
        double within = 0;
        double[] lambda = new double[prepared.x.length];
        for (int i = 0; i < prepared.x.length; i++) {
            double[] g = groups.get(prepared.x[i]);
            lambda[i] = prepared.y[i] - g[0] / g[1];
            within += 0.5 * lambda[i] * lambda[i];
        }
        // λ = y − group mean sums to zero on every group, so λᵀφ = 0 for every function φ of x
        return new RampLasso.Result(a, mean[0], within, lambda, within, true, 0);
    }

    /** One neuron per nonzero ramp coefficient c: |w1| = |w2| = √|c|, bias −w1·κ; intercept as output bias. */
    private static Network network(Prepared prepared, double[] coef, double intercept) {
        RampLasso lasso = prepared.lasso;
        int d = prepared.data.d();
        List<double[]> neurons = new ArrayList<>();
        for (int j = 0; j < coef.length; j++) {
            if (coef[j] == 0) {
                continue;
            }
            double root = Math.sqrt(Math.abs(coef[j]));
            double w1 = j < lasso.rightCount ? root : -root;
            neurons.add(new double[] {w1, -w1 * lasso.knot(j), Math.signum(coef[j]) * root});
        }
        int m = Math.max(1, neurons.size());
        double[] first = new double[d * m];
        double[] bias = new double[m];
        double[] second = new double[m];
        for (int h = 0; h < neurons.size(); h++) {
            first[prepared.inputColumn + h * d] = neurons.get(h)[0];
            bias[h] = neurons.get(h)[1];
            second[h] = neurons.get(h)[2];
        }
        return new Network(Activation.RELU, List.of(Matrix.ofColumnMajor(d, m, first), Matrix.ofColumnMajor(m, 1,
                second)), Optional.empty(), List.of(bias), new double[] {intercept});
    }

    private static LinearSpline spline(RampLasso lasso, RampLasso.Result result) {
        double[] knots = lasso.knots;
        double[] values = new double[knots.length];
        double[] coef = result.coefficients();
        for (int k = 0; k < knots.length; k++) {
            double v = result.intercept();
            for (int j = 0; j < coef.length; j++) {
                if (coef[j] != 0) {
                    v += coef[j] * lasso.ramp(j, knots[k]);
                }
            }
            values[k] = v;
        }
        return new LinearSpline(knots, values);
    }
}
