package org.deepdual.solve.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bounds you can trust, on seeded random general (non-whitened) X with vector output: for each
 * instance (n, d, K ≥ 2, L ∈ 2..6, WD or TC) a β path from far below to past the point where the zero
 * network is optimal, solved through {@link DeepLinearSolver#solvePath}. Every cell's primal is the
 * objective of its returned network, no worse than the zero network, and no worse than what an
 * independent multi-start L-BFGS on the factored network reaches ({@link FactoredLocalSearch}); its
 * dual stays below that; primal and dual are nondecreasing in β; past the zero point the zero network
 * is certified.
 */
class GeneralVectorPathPropertyTest {
    static final int INSTANCES = 40;
    static final int BETAS = 9;
    /** Starts of the independent search: zero, X⁺Y and two shrunk copies, then random networks. */
    static final int RANDOM_STARTS = 4;
    static final int ITERATIONS = 2000;

    /** One random instance and the β path it is solved on. */
    record Instance(String name, Dataset data, List<Problem> path) {
        @Override
        public String toString() {
            Problem p = path.get(0);
            return name + " " + p.objective() + " L=" + p.depth() + (p.t().isPresent() ? " t=" + p.tValue() : "");
        }
    }

    /** The seeded instances: sizes, depth, objective and targets drawn from one generator. */
    static List<Instance> instances(int count, long seed) {
        Random rnd = new Random(seed);
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = 4 + rnd.nextInt(27);
            int d = 2 + rnd.nextInt(7);
            int k = 2 + rnd.nextInt(3);
            int depth = 2 + rnd.nextInt(5);
            boolean tc = rnd.nextBoolean();
            double t = new double[] {0.5, 1.0, 1.5}[rnd.nextInt(3)];
            Matrix x = gaussian(rnd, n, d);
            // targets: a linear map of X plus noise, so that the fit and the penalty compete
            Matrix y = x.times(gaussian(rnd, d, k).scale(1 / Math.sqrt(d))).plus(gaussian(rnd, n, k).scale(0.3));
            String name = "random-" + i + " " + n + "x" + d + " K=" + k;
            Dataset data = new Dataset(name, x, y, Optional.empty(), name);
            Problem base = tc ? Problem.tc(Setting.LINEAR, 1.0, depth, t) : Problem.wd(Setting.LINEAR, 1.0, depth);
            double zero = zeroPoint(x, y, base);
            List<Problem> path = new ArrayList<>();
            for (int j = 0; j < BETAS; j++) {
                // from 1e-4 of the zero point to 1.5 times past it
                path.add(base.withBeta(zero * 1.5 * Math.pow(1.5e4, (j - (BETAS - 1.0)) / (BETAS - 1.0))));
            }
            out.add(new Instance(name, data, path));
        }
        return out;
    }

    /**
     * A β from which on the zero network is optimal, by the test's own arithmetic: TC (and WD at L = 2)
     * when γ ≥ ‖XᵀY‖₂; WD at L ≥ 3 when even the cheapest t of the dual bound costs ½‖Y‖²
     * (docs/theory.md L3: (L−2)/2·β^{L/(L−2)}γ^{−2/(L−2)} ≥ ½‖Y‖² at γ = ‖XᵀY‖₂).
     */
    static double zeroPoint(Matrix x, Matrix y, Problem p) {
        double xty = Decompositions.singularValues(x.transposeTimes(y))[0];
        int depth = p.depth();
        if (p.objective() == Objective.TC) {
            return xty * Math.pow(p.tValue(), depth - 2);
        }
        if (depth == 2) {
            return xty;
        }
        double half = 0.5 * y.frobeniusNormSquared();
        return Math.pow(2 * half * Math.pow(xty, 2.0 / (depth - 2)) / (depth - 2), (depth - 2.0) / depth);
    }

    private static Matrix gaussian(Random rnd, int rows, int cols) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        return Matrix.ofColumnMajor(rows, cols, a);
    }

    @TestFactory
    Stream<DynamicTest> everyCellOfEveryPathIsBoundedByWhatIsEasyToReach() {
        return instances(INSTANCES, 20260507L).stream().map(inst -> DynamicTest.dynamicTest(inst.toString(),
                () -> check(inst)));
    }

    private static void check(Instance inst) {
        Dataset data = inst.data();
        DeepLinearSolver solver = new DeepLinearSolver();
        List<Solution> solved = solver.solvePath(solver.prepare(data), inst.path());
        assertEquals(inst.path().size(), solved.size());
        double half = 0.5 * data.y().frobeniusNormSquared();
        double previousPrimal = Double.NEGATIVE_INFINITY;
        double previousDual = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < solved.size(); j++) {
            Solution s = solved.get(j);
            Problem p = s.problem();
            String where = inst + " beta=" + p.beta() + ": " + s.status() + " " + s.reason().orElse("");
            assertEquals(inst.path().get(j), p, "cells come back in the order of the path");
            assertTrue(s.status() != Status.FAILED, where);
            double primal = s.primal().getAsDouble();
            double dual = s.dual().getAsDouble();
            double scale = Math.max(1, Math.abs(primal));
            // (a) the primal is the objective of the network returned
            ForwardObjective f = ForwardObjective.evaluate(s.network().orElseThrow(), data.x(), data.y(), p);
            assertEquals(primal, f.value(), 1e-8 * scale, "forward objective: " + where);
            assertEquals(0.0, f.tcViolation(), 1e-9, "tc budget: " + where);
            // (b) no worse than the zero network and than the independent search
            assertTrue(primal <= half * (1 + 1e-12), "primal " + primal + " above the zero network " + half + ": "
                    + where);
            FactoredLocalSearch search = new FactoredLocalSearch(data.x(), data.y(), p);
            FactoredLocalSearch.Result reached = search.minimize(search.starts(RANDOM_STARTS, 31L * j + 7), ITERATIONS);
            double best = reached.best();
            assertTrue(primal - best <= 1e-6 * Math.max(1, Math.abs(best)), "primal " + primal
                    + " above the independent search's " + best + " (relative "
                    + (primal - best) / Math.max(1, Math.abs(best)) + "): " + where);
            // (c) the dual is below every value training reaches
            assertTrue(dual <= best + 1e-9 * Math.max(1, Math.abs(best)), "dual " + dual + " above the trained "
                    + best + ": " + where);
            assertTrue(dual <= primal + 1e-9 * scale, "dual above primal: " + where);
            // (d) both nondecreasing in β
            assertTrue(primal >= previousPrimal, "primal " + primal + " below " + previousPrimal + " at a smaller"
                    + " beta: " + where);
            assertTrue(dual >= previousDual, "dual " + dual + " below " + previousDual + " at a smaller beta: "
                    + where);
            previousPrimal = primal;
            previousDual = dual;
        }
        // past the zero point (the last β) the zero network is optimal and the bounds meet
        Solution last = solved.get(solved.size() - 1);
        assertEquals(Status.OPTIMAL, last.status(), inst + ": " + last.reason().orElse(""));
        assertEquals(half, last.primal().getAsDouble(), 1e-12 * Math.max(1, half), inst + ": value past the zero point");
        assertEquals(0.0, last.network().orElseThrow().forward(data.x()).frobeniusNorm(), 0.0,
                inst + ": network past the zero point");
    }
}
