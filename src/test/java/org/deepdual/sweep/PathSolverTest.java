package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deepdual.model.Setting;
import org.junit.jupiter.api.Test;

/**
 * Which settings' paths are solved whole: exactly those whose solver works along β (relu2's column
 * generation, relu-1d's active-set Lasso, linear's continuation on general X with vector output).
 */
class PathSolverTest {
    @Test
    void onlyWarmStartingSolversSolveWholePaths() {
        assertTrue(PathSolver.SOLVERS.warmStarts(Setting.RELU2));
        assertTrue(PathSolver.SOLVERS.warmStarts(Setting.RELU_1D));
        assertTrue(PathSolver.SOLVERS.warmStarts(Setting.LINEAR));
        for (Setting s : new Setting[] {Setting.RELU_WHITENED, Setting.RELU_RANK1, Setting.BN}) {
            assertFalse(PathSolver.SOLVERS.warmStarts(s), s.cliName());
        }
    }
}
