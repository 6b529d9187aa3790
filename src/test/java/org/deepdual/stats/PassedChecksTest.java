package org.deepdual.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deepdual.linalg.Matrix;
import org.deepdual.model.LayerFactors;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.BnVariant;
import org.deepdual.data.DatasetFactory;
import org.deepdual.data.Dataset;
import org.deepdual.solve.Solvers;
import org.deepdual.sweep.SpecReader;
import org.junit.jupiter.api.Test;

/** Remembered checks are by identity of both objects, a bounded number of them, and change no statistic. */
class PassedChecksTest {

    @Test
    void pairsAreRememberedByIdentityInABoundedNumber() {
        PassedChecks checks = new PassedChecks(2);
        Matrix w = Matrix.identity(2);
        LayerFactors f = LayerFactors.diagonal(new double[] {1, 1});
        assertFalse(checks.contains(w, f));
        checks.add(w, f);
        assertTrue(checks.contains(w, f));
        assertFalse(checks.contains(Matrix.identity(2), f), "equal entries, another object");
        assertFalse(checks.contains(w, LayerFactors.diagonal(new double[] {1, 1})), "equal factors, another object");
        checks.add(Matrix.identity(3), LayerFactors.diagonal(new double[] {1, 1, 1}));
        assertTrue(checks.contains(w, f), "two slots");
        checks.add(Matrix.identity(4), LayerFactors.diagonal(new double[] {1, 1, 1, 1}));
        assertFalse(checks.contains(w, f), "the oldest pair is replaced");
    }

    @Test
    void aRememberedLayerGivesTheSameStatistics() {
        Dataset d = DatasetFactory.build(SpecReader.parse("""
                name: passed
                output: unused
                data:
                  - {name: mixture, generator: mixture, n: 30, d: 6, classes: 3, seed: 6}
                settings:
                  - {name: bn, data: [mixture], depth: [3]}
                beta: [1.0]
                """, "test").dataset("mixture"));
        var prepared = Solvers.prepare(Setting.BN, d);
        Network first = Solvers.solve(prepared, Problem.wd(Setting.BN, 0.01, 4).withVariant(BnVariant.RELU))
                .network().orElseThrow();
        NetworkStats once = NetworkStats.of(first, d, RankTolerance.SOLVED);
        // another cell of the same (data set, seed): the same random layer and factors, now remembered
        Network second = Solvers.solve(prepared, Problem.wd(Setting.BN, 0.02, 4).withVariant(BnVariant.RELU))
                .network().orElseThrow();
        assertTrue(first.layer(1) == second.layer(1) && first.factors().get(0) == second.factors().get(0),
                "the random first layer is shared");
        assertEquals(once, NetworkStats.of(first, d, RankTolerance.SOLVED), "the same statistics when remembered");
        FactoredStatisticsTest.assertSameStatistics(NetworkStats.of(second.withoutFactors(), d, RankTolerance.SOLVED),
                NetworkStats.of(second, d, RankTolerance.SOLVED), "second cell");
    }
}
