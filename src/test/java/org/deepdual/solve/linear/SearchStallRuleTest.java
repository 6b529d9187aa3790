package org.deepdual.solve.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.model.Objective;
import org.junit.jupiter.api.Test;

/**
 * The stall rule of the general-vector searches ({@link SchattenProxGradient#stalled}) and the sparing of
 * extra starts ({@link GeneralVectorPath#FRUITLESS_LIMIT}) stop searches early; they must not make a bound
 * less valid. On ill-conditioned data (κ(X) = 1.4e4, as centred Fashion-MNIST) at L = 3, 4, 6, WD and TC,
 * every cell's lower bound stays below its primal, the primal is the objective of the cell's own map
 * recomputed from its amplitudes, and it is no worse than the zero network or any map of the path re-costed
 * at the cell's β.
 */
class SearchStallRuleTest {

    @Test
    void theRuleStopsOnlyWhenTheRestCannotMoveTheGap() {
        // a horizon of one window: a drop of 1e-3 of the gap is the limit
        assertTrue(SchattenProxGradient.stalled(1e-3, SchattenProxGradient.STALL_WINDOW, 1.0, 1e-6));
        assertFalse(SchattenProxGradient.stalled(2e-3, SchattenProxGradient.STALL_WINDOW, 1.0, 1e-6));
        // ten windows left at 1e-6 a window could still move a gap of 1e-3 by 1e-5, above 1e-3 of it
        assertFalse(SchattenProxGradient.stalled(1e-6, 10 * SchattenProxGradient.STALL_WINDOW, 1e-3, 1e-9));
        // a cell whose bounds already meet (a certifiable one) never stalls, nor does a search without a bound
        assertFalse(SchattenProxGradient.stalled(0.0, 1000, 1e-7, 1e-6));
        assertFalse(SchattenProxGradient.stalled(0.0, 1000, Double.NaN, 1e-6));
        // an objective that did not fall at all stalls whenever the gap is wide
        assertTrue(SchattenProxGradient.stalled(0.0, 100_000, 1.0, 1e-6));
    }

    @Test
    void aStalledSearchNeverEndsAboveItsStart() {
        Dataset data = IllConditionedVectorTest.illConditioned(5L, 200, 30, 8);
        RotatedLoss loss = RotatedLoss.of(PreparedLinearData.of(data));
        for (Objective o : List.of(Objective.WD, Objective.TC)) {
            SchattenPenalty penalty = new SchattenPenalty(o, 3, o == Objective.TC ? 1.0 : Double.NaN);
            SchattenProxGradient search = new SchattenProxGradient(loss, penalty, SchattenProxGradient.MAX_ITERATIONS);
            double beta = 0.5 * loss.xtyNorm;
            double[] start = loss.leastSquares();
            double startValue = loss.loss(start) + beta * penalty.perBeta(SmallSvd.of(start, loss.r, loss.k).s);
            // a lower bound far below: every search may stall, none may end above where it started
            LocalMinimum m = search.run(start, beta, SchattenProxGradient.MAX_ITERATIONS, List.of(), 0.0, 1e-6);
            assertTrue(m.value(beta) <= startValue * (1 + 1e-12), o + ": " + m.value(beta) + " > " + startValue);
            assertEquals(m.loss() + beta * penalty.perBeta(m.amplitudes()), m.value(beta), 1e-9 * m.value(beta));
        }
    }

    @Test
    void everyCellIsBoundedByWhatThePathReaches() {
        Dataset data = IllConditionedVectorTest.illConditioned(3L, 200, 30, 8);
        RotatedLoss loss = RotatedLoss.of(PreparedLinearData.of(data));
        double xty = Decompositions.singularValues(data.x().transposeTimes(data.y()))[0];
        double[] betas = new double[12];
        for (int i = 0; i < betas.length; i++) {
            betas[i] = xty * Math.pow(10, -5 + 5.5 * i / (betas.length - 1.0));
        }
        for (Objective o : List.of(Objective.WD, Objective.TC)) {
            for (int depth : new int[] {3, 4, 6}) {
                SchattenPenalty penalty = new SchattenPenalty(o, depth, o == Objective.TC ? 1.0 : Double.NaN);
                List<GeneralVectorPath.Cell> cells = new GeneralVectorPath(loss, penalty, Integer.MAX_VALUE)
                        .solve(betas);
                List<LocalMinimum> maps = new ArrayList<>();
                for (GeneralVectorPath.Cell c : cells) {
                    maps.add(c.network());
                }
                for (GeneralVectorPath.Cell c : cells) {
                    String where = o + " L=" + depth + " beta=" + c.beta();
                    double p = c.primal();
                    double tol = 1e-12 * Math.max(1, Math.abs(p));
                    assertTrue(c.lower() <= p + tol, where + ": lower " + c.lower() + " > primal " + p);
                    assertTrue(p <= loss.half + tol, where + ": primal above the zero network");
                    for (LocalMinimum m : maps) {
                        assertTrue(p <= m.value(c.beta()) + tol, where + ": a path map re-costed beats the primal");
                    }
                    LocalMinimum own = c.network();
                    double recomputed = loss.loss(own.a()) + c.beta() * penalty.perBeta(own.amplitudes());
                    assertEquals(recomputed, p, 1e-9 * Math.max(1, Math.abs(p)), where);
                    assertTrue(c.searchConverged(), where + ": a required search neither converged nor stalled");
                }
            }
        }
    }
}
