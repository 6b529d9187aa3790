package org.deepdual.solve.batchnorm;

import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Loss;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.LayerFactors;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.core.DualSolver;
import org.deepdual.solve.core.NuclearNormGlm;
import org.deepdual.solve.core.Reconstruction;
import org.deepdual.solve.core.PowerProx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;

/**
 * Batch normalization before the last layer (docs/theory.md §8), both variants, under the
 * expressivity assumption (E). With the atoms {@code Y = Σ_j a_j z_j q_jᵀ} of {@link TargetAtoms}
 * (singular triplets of Y for variant linear; sign parts of scalar y or class indicators of one-hot
 * Y for variant relu) the optimum is {@code F* = Σ_j (a_j − β)₊ z_j q_jᵀ} with value
 * {@code Σ_j huber_β(a_j)}, and {@code Λ* = Y − F* = Σ_j min(a_j, β) z_j q_jᵀ} is dual feasible
 * ({@code ‖Λ*‖₂ ≤ β}; for scalar y under variant relu {@code max(‖λ₊‖, ‖λ₋‖) ≤ β}): zero gap for
 * every L. Layers before BN are unregularised, so {@code wd} and {@code tc} have the same value
 * (for {@code tc} the first L−2 layers are scaled into the ball ‖W_l‖_F ≤ t, which BN does not see).
 *
 * <p>Each active atom becomes one BN neuron: pre-BN column z_j (up to a positive scale and a shift),
 * {@code γ_j = √s_j ‖P z_j‖}, {@code α_j = √s_j 1ᵀz_j/√n}, {@code row_j(W_L) = √s_j q_jᵀ}; the
 * layers before BN come from {@link AtomReach}, and where they cannot reach the atoms the solution is
 * FAILED with "expressivity condition fails: …".
 */
public final class BatchNormSolver implements DualSolver<PreparedBatchNorm> {

    /** Relative slack within which ‖Λ*‖ ≤ β counts as feasible before Λ* is scaled back. */
    private static final double FEASIBILITY_SLACK = 1e-12;
    private static final double GAP_RTOL = 1e-9;
    /** The relative certificate gap the nuclear-norm GLM aims at for a classification loss. */
    private static final double CLASSIFICATION_SOLVE_RTOL = 1e-12;
    /** The relative gap at which a classification cell is certified (an iterative solve). */
    private static final double CLASSIFICATION_GAP_RTOL = NuclearNormGlm.CERTIFIED_RTOL;

    private final boolean reconstructWeights;

    /** A solver that reconstructs the network and Λ*. */
    public BatchNormSolver() {
        this(Reconstruction.WEIGHTS);
    }

    /** @param reconstruction CERTIFICATE_ONLY: value, dual value (from the atoms) and the expressivity check */
    public BatchNormSolver(Reconstruction reconstruction) {
        this.reconstructWeights = reconstruction == Reconstruction.WEIGHTS;
    }

    @Override
    public Setting setting() {
        return Setting.BN;
    }

    @Override
    public PreparedBatchNorm prepare(Dataset data) {
        return new PreparedBatchNorm(data);
    }

    @Override
    public Solution solve(PreparedBatchNorm prepared, Problem problem) {
        if (problem.setting() != Setting.BN) {
            throw new IllegalArgumentException("setting must be bn for BatchNormSolver, got " + problem.setting());
        }
        long start = System.nanoTime();
        BnVariant variant = problem.variant().orElse(BnVariant.RELU);
        TargetAtoms atoms = problem.loss() == Loss.SQUARED ? prepared.atoms(variant) : null;
        Solution s;
        try {
            s = problem.loss() == Loss.SQUARED ? closedForm(prepared, problem, variant, atoms)
                    : classification(prepared, problem, variant);
        } catch (ArithmeticException e) {
            s = Solution.builder(problem).status(Status.FAILED).reason("numerical failure: " + e.getMessage())
                    .neededWidth(1).build();
        }
        return s.withTimeNanos(System.nanoTime() - start);
    }

    private Solution closedForm(PreparedBatchNorm prepared, Problem problem, BnVariant variant,
            TargetAtoms atoms) {
        double beta = problem.beta();
        int active = atoms.activeCount(beta);
        double[] s = new double[active];
        for (int j = 0; j < active; j++) {
            s[j] = atoms.amplitude(j) - beta;
        }
        double primal = primalValue(atoms, beta);
        Solution.Builder b = Solution.builder(problem).iterations(0).neededWidth(1);
        if (active > 0) {
            AtomReach reach = prepared.reach(variant, problem.depth() == 2, problem.seed());
            b.neededWidth(reach.neededWidth(active));
            Optional<String> failure = reach.failure(active, problem.depth());
            if (failure.isPresent()) {
                return b.status(Status.FAILED).reason(failure.get()).build();
            }
            if (reconstructWeights) {
                b.network(atomNetwork(reach, problem, atoms, s, variant, prepared.data().x()));
            }
        } else if (reconstructWeights) {
            b.network(zeroNetwork(prepared.data(), problem.depth(), variant));
        }
        double dual;
        if (reconstructWeights) {
            Matrix y = prepared.data().y();
            Matrix lambda = feasible(y.minus(output(atoms, s, y.rows(), y.cols())), beta, variant,
                    prepared.targetKind());
            dual = 0.5 * prepared.yNormSquared() - 0.5 * lambda.minus(y).frobeniusNormSquared();
            b.dualVariable(lambda);
        } else {
            // Λ* − Y = −F*, and ‖F*‖² = Σ s_j² by the orthonormality of the atoms
            double fit = 0;
            for (double sj : s) {
                fit += sj * sj;
            }
            dual = 0.5 * prepared.yNormSquared() - 0.5 * fit;
        }
        boolean certified = Math.abs(primal - dual) <= GAP_RTOL * Math.max(1.0, Math.abs(primal));
        return b.status(Status.OPTIMAL).certified(certified).primal(primal).dual(dual).build();
    }

    /**
     * Variant linear with a classification loss (docs/theory.md §14.4): under (E) the network reaches every output
     * F of rank ≤ its width, so the problem is {@code min_F ℓ(F) + β‖F‖_*} ({@link NuclearNormGlm} with B = I)
     * with the tight dual {@code max g(Λ)} s.t. ‖Λ‖₂ ≤ β. The SVD of F* gives the atoms, built into BN neurons as
     * the squared loss's are; {@code primal} is the forward objective of that network and {@code dual} g at the
     * solver's dual point, feasibility checked against Λ itself. OPTIMAL and certified when the gap is at most
     * GAP_RTOL relative, else BOUNDS.
     */
    private Solution classification(PreparedBatchNorm prepared, Problem problem, BnVariant variant) {
        Dataset data = prepared.data();
        Loss loss = problem.loss();
        loss.validateTargets(data.y());
        String refusal = Problem.lossCellRefusal(problem.setting(), problem.variant(), loss, problem.objective(),
                problem.depth(), problem.beta());
        if (!refusal.isEmpty()) {
            throw new IllegalArgumentException(refusal);
        }
        double beta = problem.beta();
        int n = data.n();
        NuclearNormGlm glm = new NuclearNormGlm(Matrix.identity(n), data.y(), loss, beta);
        NuclearNormGlm.Fit fit = glm.solve(null, CLASSIFICATION_SOLVE_RTOL);
        NuclearNormGlm.Candidates found = glm.candidates(fit);
        Solution best = null;
        for (Matrix f : found.primal()) {
            Solution.Builder b = Solution.builder(problem).iterations(fit.iterations()).neededWidth(1);
            org.deepdual.linalg.Svd svd = Decompositions.thinSvd(f);
            int active = svd.rank(1e-12);
            double[] s = Arrays.copyOf(svd.s(), active);
            TargetAtoms atoms = new TargetAtoms(s, svd.u().columns(0, active), svd.v().columns(0, active), 0.0);
            Network net;
            if (active > 0) {
                AtomReach reach = prepared.reachOf(atoms, problem.depth() == 2, problem.seed());
                b.neededWidth(reach.neededWidth(active));
                Optional<String> failure = reach.failure(active, problem.depth());
                if (failure.isPresent()) {
                    return b.status(Status.FAILED).reason(failure.get()).build();
                }
                net = atomNetwork(reach, problem, atoms, s, variant, data.x());
            } else {
                net = zeroNetwork(data, problem.depth(), variant);
            }
            double primal = ForwardObjective.evaluate(net, data.x(), data.y(), problem).value();
            b.primal(primal).network(net);
            if (best == null || primal < best.primal().getAsDouble()) {
                best = b.build();
            }
        }
        Matrix lambda = found.dual().lambda();
        double rho = lambda.spectralNorm();
        if (rho > beta) {
            lambda = lambda.scale(beta / rho);
        }
        double dual = loss.dualValue(lambda, data.y());
        double primal = best.primal().getAsDouble();
        double gap = primal - dual;
        double scale = Math.max(1, Math.abs(primal));
        String how = String.format(java.util.Locale.ROOT, "%s nuclear-norm GLM over the outputs (E): %d iterations,"
                + " certificate gap %.2e", loss, fit.iterations(), gap / scale);
        Solution.Builder out = best.toBuilder().dual(dual);
        if (reconstructWeights) {
            out.dualVariable(lambda);
        }
        if (gap <= CLASSIFICATION_GAP_RTOL * scale) {
            out.status(Status.OPTIMAL).certified(true).reason(how);
        } else {
            out.status(Status.BOUNDS).reason(String.format(java.util.Locale.ROOT, "certificate gap %.3e exceeds %.1e"
                    + " relative; %s", gap / scale, CLASSIFICATION_GAP_RTOL, how));
        }
        return out.build();
    }

    /**
     * The BN network of the active atoms (amplitudes s), its earlier layers scaled into the tc budget, with the
     * first steps of its forward pass on the training input X where the reach has them (scaled alike).
     */
    private static Network atomNetwork(AtomReach reach, Problem problem, TargetAtoms atoms, double[] s,
            BnVariant variant, Matrix x) {
        List<Matrix> layers = reach.layers(s.length, problem.depth());
        List<LayerFactors> factors = reach.layerFactors(s.length, problem.depth());
        double[] scales = budgetScales(layers, problem);
        Network net = network(scaled(layers, scales, Matrix::scale), scaled(factors, scales, LayerFactors::scale),
                atoms, s, variant);
        return reach.forwardPrefix(s.length, x).map(p -> net.withForwardPrefix(p.scaled(scales))).orElse(net);
    }

    /** Σ_j huber_β(a_j) + ½‖R‖², R the part of Y outside the atoms (docs/theory.md §8). */
    private static double primalValue(TargetAtoms atoms, double beta) {
        double v = 0.5 * atoms.residualSquared();
        for (int j = 0; j < atoms.count(); j++) {
            v += PowerProx.huber(atoms.amplitude(j), beta);
        }
        return v;
    }

    /** F* = Z_J diag(s) Q_Jᵀ. */
    private static Matrix output(TargetAtoms atoms, double[] s, int n, int k) {
        if (s.length == 0) {
            return Matrix.zeros(n, k);
        }
        Matrix z = Decompositions.scaleColumns(atoms.z().columns(0, s.length), s);
        return z.times(atoms.q().columns(0, s.length).transpose());
    }

    /**
     * Λ* scaled back into the dual feasible set if rounding pushed it out. The constraint is
     * ‖Λ‖₂ ≤ β, except for scalar y under variant relu, where the features are nonnegative unit
     * vectors and the constraint reads max(‖λ₊‖, ‖λ₋‖) ≤ β.
     */
    private static Matrix feasible(Matrix lambda, double beta, BnVariant variant, PreparedBatchNorm.TargetKind kind) {
        double norm = variant == BnVariant.RELU && kind == PreparedBatchNorm.TargetKind.SCALAR
                ? signedPartNorm(lambda.column(0)) : lambda.spectralNorm();
        if (norm <= beta * (1 + FEASIBILITY_SLACK)) {
            return lambda;
        }
        return lambda.scale(beta / norm);
    }

    private static double signedPartNorm(double[] v) {
        double plus = 0;
        double minus = 0;
        for (double x : v) {
            if (x > 0) {
                plus += x * x;
            } else {
                minus += x * x;
            }
        }
        return Math.sqrt(Math.max(plus, minus));
    }

    /**
     * For {@code tc}, the scales that bring the first L−2 layers into ‖W_l‖_F ≤ t (positive scales BN cannot
     * see); 1 elsewhere.
     */
    private static double[] budgetScales(List<Matrix> layers, Problem problem) {
        double[] scales = new double[layers.size()];
        Arrays.fill(scales, 1.0);
        if (problem.objective() != Objective.TC) {
            return scales;
        }
        double t = problem.tValue();
        for (int l = 0; l < problem.depth() - 2; l++) {
            double norm = layers.get(l).frobeniusNorm();
            if (norm > t) {
                scales[l] = t / norm;
            }
        }
        return scales;
    }

    private static <T> List<T> scaled(List<T> layers, double[] scales, java.util.function.BiFunction<T, Double, T> scale) {
        List<T> out = new ArrayList<>(layers);
        for (int l = 0; l < scales.length; l++) {
            if (scales[l] != 1.0) {
                out.set(l, scale.apply(out.get(l), scales[l]));
            }
        }
        return out;
    }

    private static Network network(List<Matrix> before, List<LayerFactors> beforeFactors, TargetAtoms atoms,
            double[] s, BnVariant variant) {
        int n = atoms.z().rows();
        int active = s.length;
        double[] gamma = new double[active];
        double[] alpha = new double[active];
        double[] root = new double[active];
        for (int j = 0; j < active; j++) {
            double[] z = atoms.z().column(j);
            double sum = 0;
            for (double v : z) {
                sum += v;
            }
            double mean = sum / n;
            double centred = 0;
            for (double v : z) {
                centred += (v - mean) * (v - mean);
            }
            root[j] = Math.sqrt(s[j]);
            gamma[j] = root[j] * Math.sqrt(centred);
            alpha[j] = root[j] * sum / Math.sqrt(n);
        }
        Matrix q = atoms.q().columns(0, active);
        Matrix last = Decompositions.scaleColumns(q, root).transpose();
        List<Matrix> weights = new ArrayList<>(before);
        weights.add(last);
        List<LayerFactors> factors = new ArrayList<>(beforeFactors);
        factors.add(LayerFactors.scaledRows(root, q));
        return new Network(Activation.RELU, weights, Optional.of(new BatchNorm(gamma, alpha, after(variant))),
                List.of(), new double[0], factors);
    }

    private static Network zeroNetwork(Dataset data, int depth, BnVariant variant) {
        List<Matrix> weights = new ArrayList<>(depth);
        weights.add(Matrix.zeros(data.d(), 1));
        for (int l = 2; l <= depth - 1; l++) {
            weights.add(Matrix.zeros(1, 1));
        }
        weights.add(Matrix.zeros(1, data.outputs()));
        List<LayerFactors> factors = new ArrayList<>(depth);
        for (Matrix w : weights) {
            factors.add(LayerFactors.zero(w.rows(), w.cols()));
        }
        return new Network(Activation.RELU, weights,
                Optional.of(new BatchNorm(new double[1], new double[1], after(variant))), List.of(), new double[0],
                factors);
    }

    private static Activation after(BnVariant variant) {
        return variant == BnVariant.RELU ? Activation.RELU : Activation.IDENTITY;
    }
}
