package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of {@link PathViolations} for the cells of one path key (all its seeds' β paths), computed on
 * the executor from the cells as they stream by sorted by β: each cell is recorded, in that order, with the
 * β point it belongs to, and at the end of the path key each seed's cells are walked in β order once
 * backwards (the smallest judged primal after) and once forwards (the last judged primal before). This replaces three
 * window functions and the sort they needed. Comparisons order doubles as Spark SQL does (NaN above
 * every number, -0 equal to 0), so the counts equal the SQL definition's.
 */
final class PathChecks {
    private final Map<Object, List<Integer>> bySeedPath = new HashMap<>();
    private int size;
    private int[] point = new int[64];
    private boolean[] judged = new boolean[64];
    private double[] tolerance = new double[64];
    private double[] primal = new double[64];
    private Double[] dual = new Double[64];
    private boolean[] proven = new boolean[64];
    private Double[] zeroNetwork = new Double[64];

    /**
     * One cell of the path key, in β order: its seed path {@code group}, the index of its β point, whether it is judged
     * (not FAILED, with a primal), its own tolerance, its primal and dual, whether that dual is a proof,
     * and ½‖Y‖² when the zero-network check applies to it (else null).
     */
    void add(Object group, int pointIndex, boolean isJudged, double tol, double p, Double d,
            boolean isProven, Double zero) {
        if (size == point.length) {
            grow();
        }
        point[size] = pointIndex;
        judged[size] = isJudged;
        tolerance[size] = tol;
        primal[size] = p;
        dual[size] = d;
        proven[size] = isProven;
        zeroNetwork[size] = zero;
        bySeedPath.computeIfAbsent(group, g -> new ArrayList<>()).add(size);
        size++;
    }

    /**
     * Adds each flag's count of breaking cells to {@code sums[flag][point]} and marks {@code judgedAt[flag][point]}
     * where a cell was judged for that flag (null sum otherwise); then forgets the path key's cells.
     */
    void countInto(long[][] sums, boolean[][] judgedAt) {
        for (List<Integer> cells : bySeedPath.values()) {
            int[] order = cells.stream().mapToInt(Integer::intValue).toArray();
            double tol = Double.NaN;
            boolean anyJudged = false;
            for (int i : order) {
                if (judged[i]) {
                    tol = anyJudged ? sqlMax(tol, tolerance[i]) : tolerance[i];
                    anyJudged = true;
                }
            }
            if (!anyJudged) {
                continue; // no cell judged: every flag is null
            }
            double[] later = new double[order.length];
            boolean[] hasLater = new boolean[order.length];
            boolean seen = false;
            double min = 0;
            for (int k = order.length - 1; k >= 0; k--) {
                hasLater[k] = seen;
                later[k] = min;
                int i = order[k];
                if (judged[i]) {
                    min = seen ? sqlMin(min, primal[i]) : primal[i];
                    seen = true;
                }
            }
            boolean hasPrevious = false;
            double previous = 0;
            for (int k = 0; k < order.length; k++) {
                int i = order[k];
                if (!judged[i]) {
                    continue;
                }
                int p = point[i];
                double x = primal[i];
                count(sums, judgedAt, 0, p, hasPrevious
                        && sqlCompare(x, previous - tol * Math.max(1, Math.abs(previous))) < 0);
                if (zeroNetwork[i] != null) {
                    count(sums, judgedAt, 1, p, sqlCompare(x, zeroNetwork[i] + tol * Math.max(1, Math.abs(x))) > 0);
                }
                count(sums, judgedAt, 2, p, dual[i] != null && proven[i] && hasLater[k]
                        && sqlCompare(dual[i], later[k] + tol * Math.max(1, Math.abs(later[k]))) > 0);
                previous = x;
                hasPrevious = true;
            }
        }
        bySeedPath.clear();
        Arrays.fill(dual, 0, size, null);
        Arrays.fill(zeroNetwork, 0, size, null);
        size = 0;
    }

    private static void count(long[][] sums, boolean[][] judgedAt, int flag, int p, boolean breaks) {
        judgedAt[flag][p] = true;
        sums[flag][p] += breaks ? 1 : 0;
    }

    /** Spark SQL's order of doubles: NaN above everything and equal to itself, -0.0 equal to 0.0. */
    static int sqlCompare(double a, double b) {
        return a == b ? 0 : Double.compare(a, b);
    }

    private static double sqlMax(double a, double b) {
        return sqlCompare(a, b) >= 0 ? a : b;
    }

    private static double sqlMin(double a, double b) {
        return sqlCompare(a, b) <= 0 ? a : b;
    }

    private void grow() {
        int n = point.length * 2;
        point = Arrays.copyOf(point, n);
        judged = Arrays.copyOf(judged, n);
        tolerance = Arrays.copyOf(tolerance, n);
        primal = Arrays.copyOf(primal, n);
        dual = Arrays.copyOf(dual, n);
        proven = Arrays.copyOf(proven, n);
        zeroNetwork = Arrays.copyOf(zeroNetwork, n);
    }
}
