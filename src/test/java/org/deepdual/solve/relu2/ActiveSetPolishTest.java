package org.deepdual.solve.relu2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Active-set polishing of the pattern program (docs/theory.md §9): its point satisfies the KKT conditions. */
class ActiveSetPolishTest {
    private static final double BETA = 0.3;

    private static PatternConeProgram program() {
        Dataset data = PatternGenerationTest.planted(60, 4, 3);
        ActivationPatterns patterns = ActivationPatterns.of(data.x(), 40, 5);
        return new PatternConeProgram(data.x(), data.y().column(0), patterns);
    }

    /** A loose ADMM iterate: the face is only roughly identified. */
    private static PatternAdmm.State loose(PatternConeProgram prog) {
        AdmmSettings loose = AdmmSettings.DEFAULT.withMaxIterations(60).withGapTolerance(0.5);
        return PatternAdmm.run(prog, BETA, Optional.empty(), loose).state();
    }

    @Test
    void thePolishedPointSatisfiesTheKktConditionsAndMatchesTheAdmmValue() {
        PatternConeProgram prog = program();
        PatternAdmm.State state = loose(prog);
        ActiveSetPolish.Polished polished = ActiveSetPolish.polish(prog, state.z(), state.s(), BETA, 0.0).orElseThrow();
        assertKkt(prog, polished);
        double value = prog.bound(polished.z(), state.l2(), state.rho(), BETA, polished.multipliers(), true)
                .convexValue();
        // the optimum by ADMM alone: tight residual tolerance, no gap stop before it
        PatternAdmm.Result admm = PatternAdmm.run(prog, BETA, Optional.empty(),
                AdmmSettings.DEFAULT.withTolerance(1e-10).withGapTolerance(1e-10).withMaxIterations(200_000),
                PatternAdmm.Polishing.NEVER);
        assertTrue(!admm.polished());
        assertTrue(admm.converged());
        double reference = admm.bound().convexValue();
        assertEquals(reference, value, 1e-7 * Math.max(1, reference));
    }

    @Test
    void aNonzeroBlockMissingFromTheStartingFaceIsAddedBack() {
        PatternConeProgram prog = program();
        PatternAdmm.State state = loose(prog);
        double[] z = state.z().clone();
        int d = prog.d;
        int largest = 0;
        for (int b = 0; b < prog.blocks(); b++) {
            if (norm(z, b, d) > norm(z, largest, d)) {
                largest = b;
            }
        }
        assertTrue(norm(z, largest, d) > 0);
        Arrays.fill(z, largest * d, (largest + 1) * d, 0.0);
        ActiveSetPolish.Polished polished = ActiveSetPolish.polish(prog, z, state.s(), BETA, 0.0).orElseThrow();
        assertKkt(prog, polished);
        assertTrue(norm(polished.z(), largest, d) > 0, "the removed block re-enters");
        ActiveSetPolish.Polished direct = ActiveSetPolish.polish(prog, state.z(), state.s(), BETA, 0.0).orElseThrow();
        double a = prog.bound(polished.z(), state.l2(), state.rho(), BETA, polished.multipliers(), true).convexValue();
        double b = prog.bound(direct.z(), state.l2(), state.rho(), BETA, direct.multipliers(), true).convexValue();
        assertEquals(b, a, 1e-9 * Math.max(1, b));
    }

    /**
     * Primal feasibility (G_b w_b ≥ 0), stationarity of the nonzero blocks with ν ≥ 0 and
     * complementary slackness, and the dual constraint max_{u ∈ C_b, ‖u‖ ≤ 1} (A_bᵀλ)ᵀu ≤ β of the
     * zero blocks, all checked from the definitions.
     */
    private static void assertKkt(PatternConeProgram prog, ActiveSetPolish.Polished polished) {
        int n = prog.n;
        int d = prog.d;
        int p = prog.p;
        Matrix x = prog.x();
        double[] z = polished.z();
        double[] lambda = prog.y().clone();
        for (int b = 0; b < prog.blocks(); b++) {
            double[] xw = x.times(Arrays.copyOfRange(z, b * d, (b + 1) * d));
            double out = b < p ? 1.0 : -1.0;
            for (int k = 0; k < n; k++) {
                lambda[k] -= out * prog.masks()[(b % p) * n + k] * xw[k];
            }
        }
        double tol = 1e-7 * Math.max(1, BETA);
        for (int b = 0; b < prog.blocks(); b++) {
            int moff = (b % p) * n;
            double out = b < p ? 1.0 : -1.0;
            double[] w = Arrays.copyOfRange(z, b * d, (b + 1) * d);
            double[] xw = x.times(w);
            double[] masked = new double[n];
            for (int k = 0; k < n; k++) {
                masked[k] = out * prog.masks()[moff + k] * lambda[k];
                assertTrue(prog.signs()[moff + k] * xw[k] >= -1e-9, "block " + b + " row " + k + " infeasible");
            }
            double[] a = x.transposeTimes(masked);
            double wn = norm(z, b, d);
            if (wn == 0) {
                double[] signs = Arrays.copyOfRange(prog.signs(), moff, moff + n);
                assertTrue(ConeDualNorm.of(x, signs, a, 4 * d + 10) <= BETA + tol, "zero block " + b);
                continue;
            }
            // stationarity: −A_bᵀλ + βw/‖w‖ − G_bᵀν = 0 with ν ≥ 0, ν_k (G_b w)_k = 0
            double[] r = new double[d];
            for (int j = 0; j < d; j++) {
                r[j] = -a[j] + BETA * w[j] / wn;
            }
            for (int k = 0; k < n; k++) {
                double nu = polished.multipliers()[b * n + k];
                assertTrue(nu >= 0, "multiplier of block " + b + " row " + k);
                assertTrue(nu * Math.abs(xw[k]) <= 1e-8, "complementarity, block " + b + " row " + k);
                for (int j = 0; j < d; j++) {
                    r[j] -= nu * prog.signs()[moff + k] * x.get(k, j);
                }
            }
            double res = 0;
            for (double v : r) {
                res = Math.max(res, Math.abs(v));
            }
            assertTrue(res <= tol, "stationarity of block " + b + ": " + res);
        }
    }

    private static double norm(double[] z, int b, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += z[b * d + j] * z[b * d + j];
        }
        return Math.sqrt(s);
    }
}
