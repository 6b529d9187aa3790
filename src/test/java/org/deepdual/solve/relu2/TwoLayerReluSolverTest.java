package org.deepdual.solve.relu2;

import org.deepdual.data.PlantedReluData;
import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.ChainObjective;
import org.deepdual.solve.DualSolverContract;
import org.deepdual.solve.Lbfgs;
import org.deepdual.solve.Solvers;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Setting relu2 (docs/theory.md §9) under the solver contract, plus its own properties. */
class TwoLayerReluSolverTest extends DualSolverContract {
    static final Dataset ONE_D_8 = data("relu2-1d-8",
            ActivationPatternsTest.withBias(-0.9, -0.55, -0.3, -0.05, 0.2, 0.45, 0.7, 0.95),
            Matrix.column(0.6, -0.4, 0.9, 0.1, -0.7, 0.3, 1.1, -0.2));
    static final Dataset ONE_D_20 = oneDimensional(20, 4);
    static final Dataset GAUSS_3D = data("relu2-gauss-10x3", ActivationPatternsTest.gaussian(10,
            3, 31), ActivationPatternsTest.gaussian(10, 1, 32));
    static final Dataset WHITENED = data("relu2-whitened-4x6",
            orthonormalRows(4, 6, 5), Matrix.column(1.2, -0.8, 0.5, -1.1));

    static Dataset oneDimensional(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -1 + 2 * r.nextDouble();
            y[i] = Math.sin(3 * x[i]) + 0.3 * r.nextGaussian();
        }
        return data("relu2-1d-" + n, ActivationPatternsTest.withBias(x), Matrix.column(y));
    }

    private static Problem relu2(double beta) {
        return Problem.wd(Setting.RELU2, beta, 2);
    }

    private static Case exact(Dataset d, double beta) {
        return new Case(d.name(), d, relu2(beta), Gap.ZERO, TwoLayerReluSolver.GAP_TOLERANCE, 1e-6);
    }

    private static Case sampled(Dataset d, Problem p) {
        return new Case(d.name(), d, p, Gap.BOUND_ONLY, TwoLayerReluSolver.GAP_TOLERANCE, 1e-6);
    }

    @Override
    protected Setting setting() {
        return Setting.RELU2;
    }

    @Override
    protected Activation activation() {
        return Activation.RELU;
    }

    @Override
    protected List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(exact(ONE_D_8, 0.05));
        c.add(exact(ONE_D_8, 0.3));
        c.add(exact(ONE_D_20, 0.02));
        c.add(exact(ONE_D_20, 0.2));
        c.add(sampled(GAUSS_3D, relu2(0.3).withPatterns(80)));
        c.add(sampled(WHITENED, relu2(0.4)));
        return c;
    }

    @Override
    protected List<Case> bruteForceCases() {
        return List.of(exact(ONE_D_8, 0.3), exact(ONE_D_20, 0.6));
    }

    @Override
    protected Case sweep() {
        return exact(ONE_D_8, 0.1);
    }

    @Override
    protected double betaPastZero() {
        return 1.01 * ReluDualCertificate.exactMax(ONE_D_8.x(), ONE_D_8.y().column(0));
    }

    @Override
    protected double valueAtBetaZero() {
        throw new UnsupportedOperationException("relu2 refuses beta = 0");
    }

    /** λ/max(1, ρ) satisfies max_u |λᵀrelu(Xu)| ≤ β (exact for d = 2, against random directions otherwise). */
    @Override
    protected void assertDualFeasible(Case c, Solution s) {
        Matrix lambda = s.dualVariable().orElseThrow();
        double[] l = lambda.column(0);
        double beta = c.problem().beta();
        double max = c.data().d() <= 2 ? ReluDualCertificate.exactMax(c.data().x(), l)
                : randomDirectionMax(c.data().x(), l, 20_000, 99);
        assertTrue(max <= beta * (1 + 1e-9), c + ": max |λᵀrelu(Xu)| = " + max + " > beta " + beta);
        assertRel(dualObjective(lambda, c.data().y()), s.dual().getAsDouble(), 1e-12, c + ": dual value");
    }

    static double randomDirectionMax(Matrix x, double[] lambda, int count, long seed) {
        Random r = new Random(seed);
        double best = 0;
        for (int s = 0; s < count; s++) {
            double[] u = new double[x.cols()];
            double norm = 0;
            for (int j = 0; j < u.length; j++) {
                u[j] = r.nextGaussian();
                norm += u[j] * u[j];
            }
            norm = Math.sqrt(norm);
            double v = 0;
            double[] xu = x.times(u);
            for (int k = 0; k < xu.length; k++) {
                v += lambda[k] * Math.max(xu[k] / norm, 0);
            }
            best = Math.max(best, Math.abs(v));
        }
        return best;
    }

    @Override
    protected Structure expectedStructure(Case c, Solution s) {
        return new Structure(OptionalInt.empty(), false, Balance.PER_NEURON, OptionalDouble.empty(), 0);
    }

    /** The contract's sweep without β = 0, which relu2 refuses. */
    @Override
    @Test
    protected void valueIsNondecreasingInBeta() {
        double previous = Double.NEGATIVE_INFINITY;
        TwoLayerReluSolver solver = new TwoLayerReluSolver();
        TwoLayerReluSolver.Prepared prepared = solver.prepare(ONE_D_8);
        for (int i = 0; i < 12; i++) {
            double beta = betaPastZero() * Math.pow(10, -4.0 + 4.5 * i / 11);
            Solution s = solver.solve(prepared, relu2(beta));
            assertEquals(Status.OPTIMAL, s.status(), "beta " + beta + ": " + s.reason().orElse(""));
            double v = s.primal().getAsDouble();
            assertTrue(v >= previous - 1e-6 * Math.max(1, Math.abs(v)), "value " + v + " at beta " + beta
                    + " below " + previous);
            previous = v;
        }
    }

    @Override
    @Test
    protected void betaZeroIsTheUnregularisedFit() {
        Solution s = Solvers.solve(ONE_D_8, relu2(0.0));
        assertEquals(Status.FAILED, s.status());
        assertEquals("beta must be > 0 for relu2", s.reason().orElse(""));
    }

    @Test
    void recoveredNetworkAttainsTheConvexValue() {
        TwoLayerReluSolver solver = new TwoLayerReluSolver();
        for (Dataset d : List.of(ONE_D_8, ONE_D_20)) {
            TwoLayerReluSolver.Prepared prepared = solver.prepare(d);
            for (double beta : new double[] {0.02, 0.1, 0.5}) {
                TwoLayerReluSolver.Fit<PatternAdmm.State> fit = solver.fit(prepared, relu2(beta), prepared::program,
                        java.util.Optional.empty());
                Solution s = fit.solution();
                assertEquals(Status.OPTIMAL, s.status(), d.name() + " beta " + beta + ": " + s.reason().orElse(""));
                assertTrue(s.certified());
                assertRel(fit.convexValue(), s.primal().getAsDouble(), 1e-6, d.name() + " beta " + beta);
                // docs/theory.md §9: at most n + 1 nonzero blocks are needed
                assertTrue(s.neededWidth() <= d.n() + 1, "width " + s.neededWidth());
            }
        }
    }

    /** docs/theory.md §6 and §9 agree at L = 2 on whitened data: Σ_± huber_β(‖y_±‖). */
    @Test
    void whitenedDataReachesTheClosedForm() {
        double[] y = WHITENED.y().column(0);
        double plus = 0;
        double minus = 0;
        for (double v : y) {
            plus += v > 0 ? v * v : 0;
            minus += v < 0 ? v * v : 0;
        }
        for (double beta : new double[] {0.1, 0.4, 1.0, 1.5}) {
            double closedForm = huber(Math.sqrt(plus), beta) + huber(Math.sqrt(minus), beta);
            Solution s = Solvers.solve(WHITENED, relu2(beta));
            assertEquals(Status.OPTIMAL, s.status(), "all 15 patterns of 4 orthonormal rows are found");
            assertRel(closedForm, s.primal().getAsDouble(), 1e-6, "beta " + beta);
            assertTrue(s.dual().getAsDouble() <= closedForm + 1e-9, "dual above the optimum");
        }
    }

    private static double huber(double s, double beta) {
        return s <= beta ? 0.5 * s * s : beta * s - 0.5 * beta * beta;
    }

    @Test
    void sampledPatternsNeverBeatTheEnumeration() {
        TwoLayerReluSolver solver = new TwoLayerReluSolver();
        TwoLayerReluSolver.Prepared prepared = solver.prepare(ONE_D_20);
        for (double beta : new double[] {0.05, 0.3}) {
            Solution exact = solver.solve(prepared, relu2(beta));
            assertTrue(exact.certified());
            double opt = exact.primal().getAsDouble();
            for (long seed = 1; seed <= 4; seed++) {
                ActivationPatterns few = ActivationPatterns.sample(ONE_D_20.x(), 8, seed);
                assertFalse(few.exhaustive());
                Solution s = solver.fitWith(prepared, relu2(beta), few).solution();
                assertEquals(Status.BOUNDS, s.status(), s.reason().orElse(""));
                double tol = 1e-6 * Math.max(1, opt);
                assertTrue(s.primal().getAsDouble() >= opt - tol, "sampled " + s.primal() + " below exact " + opt);
                assertTrue(s.dual().getAsDouble() <= opt + tol, "sampled dual " + s.dual() + " above " + opt);
            }
        }
    }

    @Test
    void warmStartedPathsReachTheColdValues() {
        TwoLayerReluSolver solver = new TwoLayerReluSolver();
        TwoLayerReluSolver.Prepared prepared = solver.prepare(ONE_D_20);
        List<Problem> path = new ArrayList<>();
        for (double beta : new double[] {1.0, 0.5, 0.2, 0.1, 0.05, 0.02}) {
            path.add(relu2(beta));
        }
        List<Solution> warm = solver.solvePath(prepared, path);
        List<Solution> again = solver.solvePath(solver.prepare(ONE_D_20), path);
        for (int i = 0; i < path.size(); i++) {
            Solution cold = solver.solve(prepared, path.get(i));
            Solution w = warm.get(i);
            assertTrue(w.certified() && cold.certified(), "cell " + i);
            assertRel(cold.primal().getAsDouble(), w.primal().getAsDouble(), 1e-6, "cell " + i);
            assertEquals(w.primal().getAsDouble(), again.get(i).primal().getAsDouble(), 0.0,
                    "a path is solved the same way every time");
        }
        assertEquals(solver.solve(prepared, path.get(0)).primal().getAsDouble(), warm.get(0).primal().getAsDouble(),
                0.0, "the first cell of a path is a cold start");
    }

    @Test
    void certificateMaximumMatchesADenseAngleScan() {
        Random r = new Random(8);
        Matrix x = ONE_D_8.x();
        for (int trial = 0; trial < 5; trial++) {
            double[] lambda = new double[x.rows()];
            for (int k = 0; k < lambda.length; k++) {
                lambda[k] = r.nextGaussian();
            }
            double exact = ReluDualCertificate.exactMax(x, lambda);
            double scan = 0;
            for (int a = 0; a < 100_000; a++) {
                double theta = 2 * Math.PI * a / 100_000;
                double c = Math.cos(theta);
                double s = Math.sin(theta);
                double v = 0;
                for (int k = 0; k < x.rows(); k++) {
                    v += lambda[k] * Math.max(x.get(k, 0) * c + x.get(k, 1) * s, 0);
                }
                scan = Math.max(scan, Math.abs(v));
            }
            assertTrue(scan <= exact + 1e-12, "scan " + scan + " above exact " + exact);
            // the maximum may sit at a kink, where a grid of step 6e-5 rad errs to first order
            assertRel(exact, scan, 1e-4, "dense scan");
        }
    }

    /** docs/theory.md §11.1 at small β, where the contract's return-from-perturbation is too local. */
    @Test
    void nonconvexTrainingNeverBeatsTheCertifiedValue() {
        for (Dataset d : List.of(ONE_D_8, oneDimensional(12, 9))) {
            Problem p = relu2(0.05);
            Solution s = Solvers.solve(d, p);
            assertTrue(s.certified(), d.name());
            double claimed = s.primal().getAsDouble();
            ChainObjective f = new ChainObjective(d.x(), d.y(), Activation.RELU, p, d.n() + 4);
            Random rnd = new Random(17);
            double best = Double.POSITIVE_INFINITY;
            for (int start = 0; start < 12; start++) {
                double[] x0 = new double[f.dimension()];
                for (int i = 0; i < x0.length; i++) {
                    x0[i] = (0.2 + 0.2 * start) * rnd.nextGaussian();
                }
                best = Math.min(best, Lbfgs.minimize(f::valueAndGradient, x0, 4000));
            }
            assertTrue(best >= claimed - 1e-7 * Math.max(1, claimed), d.name() + ": training reached " + best
                    + " below the certified " + claimed);
            assertTrue(best <= claimed * (1 + 0.05), d.name() + ": training stalled at " + best + ", optimum "
                    + claimed);
        }
    }

    @Test
    void anIterationCapIsAFailedSolveWithItsResiduals() {
        // tolerances no iterate can meet: the polish solves this small program from any iterate, so only
        // unattainable tolerances leave the solve at its cap
        TwoLayerReluSolver solver = new TwoLayerReluSolver(AdmmSettings.DEFAULT.withMaxIterations(3)
                .withTolerance(Double.MIN_VALUE).withGapTolerance(Double.MIN_VALUE));
        Solution s = solver.solve(solver.prepare(ONE_D_20), relu2(0.02));
        assertEquals(Status.FAILED, s.status());
        assertTrue(s.reason().orElse("").startsWith("not converged: primal residual "), s.reason().orElse(""));
        assertTrue(s.reason().orElse("").contains(", dual residual "), s.reason().orElse(""));
    }

    @Test
    void refusesVectorTargetsAndOtherSettings() {
        Dataset twoOutputs = data("two-outputs", ONE_D_8.x(),
                ONE_D_8.y().appendColumns(ONE_D_8.y()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TwoLayerReluSolver().prepare(twoOutputs));
        assertTrue(e.getMessage().contains("Y") && e.getMessage().contains("8x2"), e.getMessage());
        TwoLayerReluSolver solver = new TwoLayerReluSolver();
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> solver.solve(solver.prepare(ONE_D_8), Problem.wd(Setting.RELU_1D, 0.1, 2)));
        assertTrue(f.getMessage().contains("relu-1d"), f.getMessage());
    }

    /**
     * Per-cell seeds along a warm-started path: each cell's value is at most the objective of its own
     * seed network (its neurons' blocks are feasible in the working set), whatever the previous cell
     * left. The seeds are the networks of the same cells solved from many more sampled patterns.
     */
    @Test
    void seededPathCellsAreNeverAboveTheirSeedNetworks() {
        Dataset data = data("relu2-gauss-30x4", gaussian(30, 4, 41), gaussian(30, 1, 42));
        TwoLayerReluSolver solver = new TwoLayerReluSolver();
        TwoLayerReluSolver.Prepared prepared = solver.prepare(data);
        List<Problem> path = new ArrayList<>();
        List<List<Network>> seeds = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        for (double beta : new double[] {1.0, 0.3, 0.1}) {
            Problem p = relu2(beta).withPatterns(3).withSeed(2);
            Solution rich = solver.solveCell(prepared, p.withPatterns(400)).solution();
            path.add(p);
            seeds.add(List.of(rich.network().orElseThrow()));
            bounds.add(ForwardObjective.evaluate(rich.network().orElseThrow(), data.x(), data.y(), p).value());
        }
        List<Solution> out = solver.solvePath(prepared, path, seeds);
        for (int c = 0; c < path.size(); c++) {
            double v = out.get(c).primal().orElseThrow();
            assertTrue(v <= bounds.get(c) * (1 + 1e-6), "cell " + c + ": " + v + " > seed objective " + bounds.get(c));
            assertTrue(out.get(c).reason().orElseThrow().contains("first working set seeded with"),
                    out.get(c).reason().orElseThrow());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> solver.solvePath(prepared, path, seeds.subList(0, 2)));
        assertTrue(e.getMessage().startsWith("seeds: one list per cell"), e.getMessage());
    }

    /**
     * Issue 7: on a cell whose ADMM iterate carries blocks its face projection makes negligible, the
     * active-set polish used to stop on a Newton system it could not factor, and the tight solve ran
     * to the iteration cap (program gap 2.7e-5 after 21,220 iterations). Such blocks now leave the
     * face, and the cell is solved to the gap tolerance well before the cap.
     */
    @Test
    void aCellWithNegligibleFaceBlocksIsPolishedToTheTolerance() {
        Dataset data = PlantedReluData.generate(100, 10, 1);
        TwoLayerReluSolver solver = new TwoLayerReluSolver();
        TwoLayerReluSolver.Cell cell = solver.solveCell(solver.prepare(data), relu2(80).withPatterns(100).withSeed(1));
        assertTrue(cell.relativeProgramGap() <= AdmmSettings.DEFAULT.gapTolerance(),
                "program gap " + cell.relativeProgramGap() + ": " + cell.solution().reason().orElse(""));
        assertTrue(cell.solution().iterations() < AdmmSettings.DEFAULT.maxIterations() / 4,
                cell.solution().iterations() + " iterations");
    }

    /**
     * A cell whose predecessor on the path is the same program starts from that program's polished
     * optimum: the polish alone finishes it (no ADMM iteration) at the same value, and a path cell that
     * its predecessor's optimum does not polish into is solved exactly as a cold cell.
     */
    @Test
    void aRepeatedCellIsFinishedByThePolishAloneAndOtherCellsAsCold() {
        Dataset data = PlantedReluData.generate(100, 10, 1);
        TwoLayerReluSolver solver = new TwoLayerReluSolver();
        TwoLayerReluSolver.Prepared prepared = solver.prepare(data);
        Problem cell = relu2(5).withPatterns(100).withSeed(1);
        List<TwoLayerReluSolver.Cell> twice = solver.solvePathCells(prepared, List.of(cell, cell));
        assertTrue(twice.get(0).solution().iterations() > 0);
        assertEquals(0, twice.get(1).solution().iterations(), twice.get(1).solution().reason().orElse(""));
        assertTrue(twice.get(1).relativeProgramGap() <= AdmmSettings.DEFAULT.gapTolerance());
        assertRel(twice.get(0).solution().primal().getAsDouble(), twice.get(1).solution().primal().getAsDouble(), 1e-9,
                "the repeated cell's value");
        List<Problem> path = List.of(relu2(40).withPatterns(100).withSeed(1), relu2(2).withPatterns(100).withSeed(1));
        List<TwoLayerReluSolver.Cell> warm = solver.solvePathCells(prepared, path);
        TwoLayerReluSolver.Cell cold = solver.solveCell(prepared, path.get(1));
        // from β = 40 to β = 2 the face changes too much for the polish: the cell falls back to a cold solve
        assertTrue(warm.get(1).solution().iterations() > 0);
        assertEquals(cold.solution().primal().getAsDouble(), warm.get(1).solution().primal().getAsDouble(), 0.0,
                "a cell the warm polish does not finish is solved as a cold one");
        assertEquals(cold.solution().iterations(), warm.get(1).solution().iterations());
        assertTrue(warm.get(1).relativeProgramGap() <= AdmmSettings.DEFAULT.gapTolerance());
    }
}
