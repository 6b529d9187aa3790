package org.deepdual.solve;

import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every setting's solver passes (after EJML's StandardSvdChecks): the
 * objective recomputed from the reconstructed weights by an independent forward pass equals the
 * claimed primal; dual ≤ primal; the gap is zero within docs/theory.md §3's tolerance where
 * docs/theory.md §3 says so and strictly positive where it says not; the dual variable is feasible;
 * the layers have the ranks, alignment and balance of docs/theory.md §11; the value is nondecreasing
 * in β; β = 0 and β past the point where the network is zero; width padding and a width too small
 * (through {@link Solvers}); and, on tiny instances, a brute-force minimisation of the real
 * non-convex objective that never beats the claimed optimum and returns to it from a perturbation.
 *
 * <p>A solver's test supplies its cases, where the gap must be zero, how its dual is feasible and
 * what structure its layers have. Layer statistics are computed here from SVDs, independently of
 * the stats package.
 */
public abstract class DualSolverContract {
    /** What docs/theory.md §3 says about the duality gap of a case. */
    public enum Gap {
        /** Zero gap: certified, gap within the case's tolerance. */
        ZERO,
        /** The paper's dual is not tight: OPTIMAL, not certified, gap strictly positive. */
        POSITIVE,
        /** Only bounds are known (status BOUNDS, or OPTIMAL when they meet): dual ≤ primal. */
        BOUND_ONLY,
        /** No dual is known (relu-rank1): dual empty, not certified. */
        NO_DUAL
    }

    /**
     * One contract case.
     *
     * @param gapTolerance relative tolerance for a zero gap (docs/theory.md §3)
     * @param forwardTolerance relative tolerance of forward_primal against primal
     */
    public record Case(String name, Dataset data, Problem problem, Gap gap, double gapTolerance,
            double forwardTolerance) {
        /** A closed-form case: gap and forward pass at 1e-9 and 1e-8. */
        public static Case closedForm(String name, Dataset data, Problem problem, Gap gap) {
            return new Case(name, data, problem, gap, 1e-9, 1e-8);
        }

        public Case withProblem(Problem p) {
            return new Case(name, data, p, gap, gapTolerance, forwardTolerance);
        }

        @Override
        public String toString() {
            return name + " [" + problem.objective() + " L=" + problem.depth() + " beta=" + problem.beta()
                    + (problem.t().isPresent() ? " t=" + problem.t().getAsDouble() : "") + "]";
        }
    }

    /** How consecutive layers relate (docs/theory.md §11.5). */
    public enum Balance {
        /** W_lᵀW_l = W_{l+1}W_{l+1}ᵀ for every l (linear nets under WD). */
        LINEAR,
        /** ‖column j of W_l‖ = ‖row j of W_{l+1}‖ for every hidden neuron (ReLU nets under WD). */
        PER_NEURON,
        NONE
    }

    /**
     * The expected structure of the reconstructed layers.
     *
     * @param rank the rank of every layer (rtol 1e-6; at most the layer's smaller dimension), if known
     * @param aligned subspace alignment 1 between consecutive layers (the smaller subspace inside the larger)
     * @param balance the balance relation
     * @param layerNorm the common Frobenius norm of the first {@code normLayers} layers, if any
     */
    public record Structure(OptionalInt rank, boolean aligned, Balance balance, OptionalDouble layerNorm,
            int normLayers) {
        public static Structure none() {
            return new Structure(OptionalInt.empty(), false, Balance.NONE, OptionalDouble.empty(), 0);
        }
    }

    /** A data set without labels whose fingerprint is its name. */
    protected static Dataset data(String name, Matrix x, Matrix y) {
        return new Dataset(name, x, y, Optional.empty(), name);
    }

    /** ROWS × COLS independent standard Gaussians from SEED, drawn in column-major order. */
    protected static Matrix gaussian(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return Matrix.ofColumnMajor(rows, cols, a);
    }

    /** Whitened data (docs/theory.md §6), X Xᵀ = I: U Vᵀ of a Gaussian N × D (N ≤ D). */
    public static Matrix orthonormalRows(int n, int d, long seed) {
        Svd svd = Decompositions.thinSvd(gaussian(n, d, seed));
        return svd.u().times(svd.v().transpose());
    }

    /** A closed-form case named for its data whose gap docs/theory.md §3 says is zero. */
    protected static Case zero(Dataset d, Problem p) {
        return Case.closedForm(d.name(), d, p, Gap.ZERO);
    }

    /** A closed-form case named for its data whose gap docs/theory.md §3 says is strictly positive. */
    protected static Case positive(Dataset d, Problem p) {
        return Case.closedForm(d.name(), d, p, Gap.POSITIVE);
    }

    /** Weight decay at BETA and DEPTH in this test's setting. */
    protected Problem wd(double beta, int depth) {
        return Problem.wd(setting(), beta, depth);
    }

    /** Total-cost (norm budget T) at BETA and DEPTH in this test's setting. */
    protected Problem tc(double beta, int depth, double t) {
        return Problem.tc(setting(), beta, depth, t);
    }

    protected abstract Setting setting();

    /** The cases every check runs on. */
    protected abstract List<Case> cases();

    /** A case whose β is swept for monotonicity, β = 0 and β past the zero point. */
    protected abstract Case sweep();

    /** A β at which the sweep case's optimal network is zero. */
    protected abstract double betaPastZero();

    /** The optimal value at β = 0 for the sweep case, computed independently. */
    protected abstract double valueAtBetaZero();

    /** Asserts that the solution's dual variable is feasible and attains its dual value. */
    protected abstract void assertDualFeasible(Case c, Solution s);

    /** The structure the case's reconstructed layers must have. */
    protected abstract Structure expectedStructure(Case c, Solution s);

    /** Tiny cases (chain networks without BN or biases) for the brute-force check; none by default. */
    protected List<Case> bruteForceCases() {
        return List.of();
    }

    /** The activation of the setting's chain network (brute force). */
    protected Activation activation() {
        return Activation.IDENTITY;
    }

    protected Solution solve(Case c) {
        return Solvers.solve(c.data(), c.problem());
    }

    private Stream<DynamicTest> perCase(String what, java.util.function.BiConsumer<Case, Solution> check) {
        return cases().stream().map(c -> DynamicTest.dynamicTest(what + ": " + c, () -> check.accept(c, solve(c))));
    }

    @TestFactory
    protected Stream<DynamicTest> forwardPassAttainsThePrimal() {
        return perCase("forward pass", (c, s) -> {
            assertTrue(s.status() != Status.FAILED, c + " failed: " + s.reason().orElse(""));
            assertTrue(s.neededWidth() >= 1, "neededWidth " + s.neededWidth());
            Network net = s.network().orElseThrow(() -> new AssertionError(c + ": no network"));
            ForwardObjective f = ForwardObjective.evaluate(net, c.data().x(), c.data().y(), c.problem());
            assertRel(s.primal().getAsDouble(), f.value(), c.forwardTolerance(), c + ": forward objective");
            assertEquals(0.0, f.tcViolation(), 1e-12 * Math.max(1, c.problem().t().orElse(1)), c + ": tc violation");
            assertEquals(c.problem().depth(), net.depth(), c + ": depth");
            assertEquals(c.data().d(), net.layer(1).rows(), c + ": input width");
            assertEquals(c.data().outputs(), net.layer(net.depth()).cols(), c + ": output width");
            assertTrue(net.maxHiddenWidth() <= Math.max(1, s.neededWidth()), c + ": hidden width "
                    + net.maxHiddenWidth() + " above needed " + s.neededWidth());
        });
    }

    @TestFactory
    protected Stream<DynamicTest> dualNeverExceedsPrimal() {
        return perCase("weak duality", (c, s) -> {
            if (c.gap() == Gap.NO_DUAL) {
                assertTrue(s.dual().isEmpty(), c + ": a dual where none is known");
                assertFalse(s.certified(), c + ": certified without a dual");
                return;
            }
            double p = s.primal().getAsDouble();
            double d = s.dual().orElseThrow(() -> new AssertionError(c + ": no dual value"));
            assertTrue(d <= p + c.gapTolerance() * Math.max(1, Math.abs(p)), c + ": dual " + d + " > primal " + p);
        });
    }

    @TestFactory
    protected Stream<DynamicTest> gapIsWhereMathMdSaysItIs() {
        return perCase("gap", (c, s) -> {
            double tol = c.gapTolerance() * Math.max(1, Math.abs(s.primal().getAsDouble()));
            switch (c.gap()) {
                case ZERO -> {
                    assertEquals(Status.OPTIMAL, s.status(), c + ": " + s.reason().orElse(""));
                    assertTrue(Math.abs(s.gap().getAsDouble()) <= tol, c + ": gap " + s.gap().getAsDouble());
                    assertTrue(s.certified(), c + ": not certified");
                }
                case POSITIVE -> {
                    assertEquals(Status.OPTIMAL, s.status(), c + ": " + s.reason().orElse(""));
                    assertTrue(s.gap().getAsDouble() > 1e-6 * Math.max(1, Math.abs(s.primal().getAsDouble())),
                            c + ": gap " + s.gap().getAsDouble() + " should be positive");
                    assertFalse(s.certified(), c + ": certified with a positive gap");
                    assertTrue(s.reason().isPresent(), c + ": a positive gap needs a reason");
                }
                case BOUND_ONLY -> {
                    assertTrue(s.status() == Status.BOUNDS || s.status() == Status.OPTIMAL, c + ": " + s.status());
                    assertTrue(s.status() == Status.OPTIMAL || !s.certified(), c + ": BOUNDS cannot be certified");
                }
                case NO_DUAL -> assertFalse(s.certified());
                default -> fail();
            }
        });
    }

    @TestFactory
    protected Stream<DynamicTest> dualVariableIsFeasible() {
        return perCase("dual feasibility", this::assertDualFeasible);
    }

    @TestFactory
    protected Stream<DynamicTest> layersHaveTheStructureOfSection11() {
        return perCase("layer structure", (c, s) -> assertStructure(c, s, expectedStructure(c, s)));
    }

    /** Ranks, subspace alignment, balance and norms of docs/theory.md §11.5, from SVDs of the layers. */
    protected static void assertStructure(Case c, Solution s, Structure e) {
        Network net = s.network().orElseThrow();
        List<Svd> svds = new ArrayList<>();
        for (Matrix w : net.weights()) {
            svds.add(Decompositions.thinSvd(w));
        }
        int depth = net.depth();
        if (e.rank().isPresent()) {
            for (int l = 0; l < depth; l++) {
                // a layer cannot have more rank than its shape allows (the K = 1 output layer of ReLU paths)
                Matrix w = net.layer(l + 1);
                int expected = Math.min(e.rank().getAsInt(), Math.min(w.rows(), w.cols()));
                assertEquals(expected, svds.get(l).rank(1e-6), c + ": rank of W_" + (l + 1));
            }
        }
        if (e.aligned()) {
            // the smaller of (output space of W_l, input space of W_{l+1}) lies in the larger: mean cos² of the
            // principal angles, docs/theory.md §10's align_subspace when the two ranks agree
            for (int l = 0; l + 1 < depth; l++) {
                int kl = svds.get(l).rank(1e-6);
                int kn = svds.get(l + 1).rank(1e-6);
                if (kl == 0 || kn == 0) {
                    continue;
                }
                Matrix vl = svds.get(l).v().columns(0, kl);
                Matrix un = svds.get(l + 1).u().columns(0, kn);
                double subspace = vl.transposeTimes(un).frobeniusNormSquared() / Math.min(kl, kn);
                assertEquals(1.0, subspace, 1e-8, c + ": subspace alignment of layers " + (l + 1) + "," + (l + 2));
            }
        }
        for (int l = 0; l + 1 < depth; l++) {
            Matrix a = net.layer(l + 1);
            Matrix b = net.layer(l + 2);
            double scale = Math.max(a.frobeniusNormSquared(), 1e-300);
            if (e.balance() == Balance.LINEAR) {
                double residual = a.transposeTimes(a).minus(b.times(b.transpose())).frobeniusNorm() / scale;
                assertTrue(a.frobeniusNorm() == 0 || residual < 1e-10, c + ": balance residual " + residual
                        + " between layers " + (l + 1) + "," + (l + 2));
            } else if (e.balance() == Balance.PER_NEURON) {
                for (int j = 0; j < a.cols(); j++) {
                    double col = norm(a.column(j));
                    double row = norm(b.row(j));
                    assertEquals(col, row, 1e-10 * Math.max(1, col), c + ": neuron " + j + " of layer " + (l + 1));
                }
            }
        }
        if (e.layerNorm().isPresent()) {
            for (int l = 0; l < e.normLayers(); l++) {
                assertRel(e.layerNorm().getAsDouble(), net.layer(l + 1).frobeniusNorm(), 1e-9,
                        c + ": Frobenius norm of W_" + (l + 1));
            }
        }
    }

    @Test
    protected void valueIsNondecreasingInBeta() {
        Case c = sweep();
        double previous = Double.NEGATIVE_INFINITY;
        for (double beta : betaGrid()) {
            Solution s = Solvers.solve(c.data(), c.problem().withBeta(beta));
            assertEquals(Status.OPTIMAL, s.status(), "beta " + beta + ": " + s.reason().orElse(""));
            double v = s.primal().getAsDouble();
            assertTrue(v >= previous - 1e-12 * Math.max(1, Math.abs(v)), "value " + v + " at beta " + beta
                    + " below " + previous);
            previous = v;
        }
    }

    private double[] betaGrid() {
        double hi = betaPastZero();
        double[] grid = new double[25];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = i == 0 ? 0.0 : hi * Math.pow(10, -4.0 + 4.5 * (i - 1) / (grid.length - 2));
        }
        return grid;
    }

    @Test
    protected void betaZeroIsTheUnregularisedFit() {
        Case c = sweep();
        Solution s = Solvers.solve(c.data(), c.problem().withBeta(0.0));
        assertEquals(Status.OPTIMAL, s.status(), s.reason().orElse(""));
        assertRel(valueAtBetaZero(), s.primal().getAsDouble(), c.gapTolerance(), "value at beta = 0");
        ForwardObjective f = ForwardObjective.evaluate(s.network().orElseThrow(), c.data().x(), c.data().y(),
                c.problem().withBeta(0.0));
        assertRel(valueAtBetaZero(), f.loss(), c.forwardTolerance(), "loss of the beta = 0 network");
        if (c.gap() != Gap.NO_DUAL) {
            assertRel(s.primal().getAsDouble(), s.dual().getAsDouble(), c.gapTolerance(), "zero gap at beta = 0");
        }
    }

    @Test
    protected void pastTheZeroPointTheNetworkIsZero() {
        Case c = sweep();
        Problem p = c.problem().withBeta(betaPastZero());
        Solution s = Solvers.solve(c.data(), p);
        assertEquals(Status.OPTIMAL, s.status(), s.reason().orElse(""));
        double half = 0.5 * c.data().y().frobeniusNormSquared();
        assertRel(half, s.primal().getAsDouble(), 1e-12, "value past the zero point");
        Network net = s.network().orElseThrow();
        assertEquals(0.0, net.forward(c.data().x()).frobeniusNorm(), 0.0, "output past the zero point");
        assertZeroNetwork(s);
        if (c.gap() != Gap.NO_DUAL) {
            assertRel(half, s.dual().getAsDouble(), 1e-12, "dual past the zero point");
        }
    }

    /**
     * Past the zero point every layer is zero and one neuron per layer suffices. Settings with
     * unregularised layers (before batch norm) override this.
     */
    protected void assertZeroNetwork(Solution s) {
        for (Matrix w : s.network().orElseThrow().weights()) {
            assertEquals(0.0, w.frobeniusNorm(), 0.0, "weights past the zero point");
        }
        assertEquals(1, s.neededWidth());
    }

    @Test
    protected void widerNetworksArePaddedWithZeroNeurons() {
        for (Case c : cases()) {
            Solution plain = Solvers.solve(c.data(), c.problem());
            if (plain.status() == Status.FAILED) {
                continue;
            }
            int width = plain.neededWidth() + 3;
            Solution padded = Solvers.solve(c.data(), c.problem().withWidth(width));
            assertEquals(plain.status(), padded.status(), c.toString());
            Network net = padded.network().orElseThrow();
            for (int l = 1; l < net.depth(); l++) {
                assertEquals(width, net.layer(l).cols(), c + ": width of hidden layer " + l);
            }
            ForwardObjective f = ForwardObjective.evaluate(net, c.data().x(), c.data().y(), c.problem());
            assertRel(plain.primal().getAsDouble(), f.value(), c.forwardTolerance(), c + ": padded forward objective");
        }
    }

    @Test
    protected void aWidthBelowTheNeededOneFails() {
        Optional<Case> wide = cases().stream().filter(c -> Solvers.solve(c.data(), c.problem()).neededWidth() >= 2)
                .findFirst();
        Assumptions.assumeTrue(wide.isPresent(), "no case needs width >= 2");
        Case c = wide.get();
        int needed = Solvers.solve(c.data(), c.problem()).neededWidth();
        Solution s = Solvers.solve(c.data(), c.problem().withWidth(needed - 1));
        assertEquals(Status.FAILED, s.status());
        assertEquals("width " + (needed - 1) + " < needed " + needed, s.reason().orElse(""));
        assertTrue(s.network().isEmpty());
    }

    @TestFactory
    protected Stream<DynamicTest> bruteForceNeverBeatsTheClaimedOptimum() {
        return bruteForceCases().stream().map(c -> DynamicTest.dynamicTest("brute force: " + c, () -> {
            Solution s = solve(c);
            double claimed = s.status() == Status.BOUNDS ? s.dual().getAsDouble() : s.primal().getAsDouble();
            int width = s.neededWidth() + 1;
            ChainObjective f = new ChainObjective(c.data().x(), c.data().y(), activation(), c.problem(), width);
            Random rnd = new Random(c.name().hashCode());
            double best = Double.POSITIVE_INFINITY;
            for (int start = 0; start < 6; start++) {
                double[] x0 = new double[f.dimension()];
                double scale = 0.3 + 0.4 * start;
                for (int i = 0; i < x0.length; i++) {
                    x0[i] = scale * rnd.nextGaussian();
                }
                best = Math.min(best, Lbfgs.minimize(f::valueAndGradient, x0, 3000));
            }
            assertTrue(best >= claimed - 1e-7 * Math.max(1, Math.abs(claimed)), c + ": brute force reached " + best
                    + " below the claimed " + claimed);
            if (s.status() == Status.OPTIMAL) {
                double[] warm = f.parameters(s.network().orElseThrow().padHiddenWidth(width));
                double spread = 0;
                for (double v : warm) {
                    spread = Math.max(spread, Math.abs(v));
                }
                for (int i = 0; i < warm.length; i++) {
                    warm[i] += 0.1 * spread * rnd.nextGaussian();
                }
                double back = Lbfgs.minimize(f::valueAndGradient, warm, 5000);
                assertRel(claimed, back, 1e-5, c + ": from the perturbed optimum");
            }
        }));
    }

    protected static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }

    /** ½‖Y‖² − ½‖Λ − Y‖², the dual objective shared by every setting's TC dual. */
    protected static double dualObjective(Matrix lambda, Matrix y) {
        return 0.5 * y.frobeniusNormSquared() - 0.5 * lambda.minus(y).frobeniusNormSquared();
    }
}
