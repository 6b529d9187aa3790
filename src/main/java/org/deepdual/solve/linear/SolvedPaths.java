package org.deepdual.solve.linear;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The general-vector β paths solved in this JVM, the most recent {@link #CAPACITY}, so that a path asked
 * for again on the same prepared data is not solved again. A sweep asks for the same path once per seed:
 * the seed does not enter a deep linear cell (the data, the problem and {@link GeneralVectorPath} are
 * deterministic), so {@code jobs/large.yaml}'s 8 seeds of each general-X path are one computation.
 * The key holds everything the path's cells depend on: the prepared data (by identity), the penalty,
 * the β values, and the iteration cap. Two threads asking at once may both solve it; either result is
 * the same.
 */
final class SolvedPaths {
    /**
     * Under 0.5 MB per 200-cell path at gauss-k5's size (r = 40, K = 5: a certificate of r·K values per cell,
     * the maps shared between cells); 64 paths cover every general-X path of {@code jobs/large.yaml} twice.
     */
    static final int CAPACITY = 64;

    private record Key(PreparedLinearData data, SchattenPenalty penalty, double[] betas, int iterationCap) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.data == data && k.penalty.equals(penalty) && Arrays.equals(k.betas, betas)
                    && k.iterationCap == iterationCap;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * System.identityHashCode(data) + penalty.hashCode()) + Arrays.hashCode(betas)
                    + iterationCap;
        }
    }

    private static final Map<Key, List<GeneralVectorPath.Cell>> SOLVED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, List<GeneralVectorPath.Cell>> eldest) {
            return size() > CAPACITY;
        }
    };

    private SolvedPaths() {
    }

    /** The cells of the path at {@code betas} (increasing), solved now or earlier in this JVM. */
    static List<GeneralVectorPath.Cell> solve(PreparedLinearData data, RotatedLoss loss, SchattenPenalty penalty,
            double[] betas, int iterationCap) {
        Key key = new Key(data, penalty, betas.clone(), iterationCap);
        List<GeneralVectorPath.Cell> cells;
        synchronized (SOLVED) {
            cells = SOLVED.get(key);
        }
        if (cells == null) {
            cells = List.copyOf(new GeneralVectorPath(loss, penalty, iterationCap).solve(betas));
            synchronized (SOLVED) {
                SOLVED.put(key, cells);
            }
        }
        return cells;
    }
}
