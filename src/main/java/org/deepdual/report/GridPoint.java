package org.deepdual.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The cells of one (β, L) point of a panel, aggregated over seeds: means of the optimal value P,
 * the relative gap (P − D)/max(1, |P|), the rank of W_1, the mean stable rank, the NC metrics, the
 * per-layer ranks and norms, and the smallest subspace alignment; FAILED cells are counted, not
 * averaged.
 */
final class GridPoint {
    private final int depth;
    private final double beta;
    private int cells;
    private int failed;
    private int optimal;
    private int bounds;
    private int certified;
    private final Mean solveMs = new Mean();
    private final Mean primal = new Mean();
    private final Mean gap = new Mean();
    private final Mean rank1 = new Mean();
    private final Mean stableRank = new Mean();
    private final Mean nc1 = new Mean();
    private final Mean nc2 = new Mean();
    private double minAlignment = Double.NaN;
    private final List<Mean> rank = new ArrayList<>();
    private final List<Mean> fro = new ArrayList<>();
    private final List<Mean> op = new ArrayList<>();

    GridPoint(int depth, double beta) {
        this.depth = depth;
        this.beta = beta;
    }

    void add(CellRow row) {
        cells++;
        solveMs.add(row.solveMs());
        if (row.failed()) {
            failed++;
            return;
        }
        optimal += row.optimal() ? 1 : 0;
        bounds += row.bounds() ? 1 : 0;
        certified += row.certified() ? 1 : 0;
        primal.add(row.primal());
        gap.add(row.relativeGap());
        CellRow.LayerStats layers = row.layers();
        int r1 = layers.rankOf(1);
        if (r1 >= 0) {
            rank1.add(r1);
        }
        stableRank.add(layers.meanStableRank());
        double a = row.alignment().minSubspace();
        if (!Double.isNaN(a)) {
            minAlignment = Double.isNaN(minAlignment) ? a : Math.min(minAlignment, a);
        }
        row.collapse().ifPresent(c -> {
            nc1.add(c.nc1());
            nc2.add(c.nc2EtfDev());
        });
        addAll(rank, java.util.Arrays.stream(layers.rank()).asDoubleStream().map(v -> v < 0 ? Double.NaN : v)
                .toArray());
        addAll(fro, layers.fro());
        addAll(op, layers.op());
    }

    private static void addAll(List<Mean> means, double[] values) {
        while (means.size() < values.length) {
            means.add(new Mean());
        }
        for (int i = 0; i < values.length; i++) {
            means.get(i).add(values[i]);
        }
    }

    int depth() {
        return depth;
    }

    double beta() {
        return beta;
    }

    int cells() {
        return cells;
    }

    int failed() {
        return failed;
    }

    int optimal() {
        return optimal;
    }

    int bounds() {
        return bounds;
    }

    int certified() {
        return certified;
    }

    /** Mean solve time in ms over the cells that report one, FAILED cells included. */
    double solveMs() {
        return solveMs.value();
    }

    boolean allFailed() {
        return cells > 0 && failed == cells;
    }

    double primal() {
        return primal.value();
    }

    double relativeGap() {
        return gap.value();
    }

    double rankW1() {
        return rank1.value();
    }

    double meanStableRank() {
        return stableRank.value();
    }

    double minAlignment() {
        return minAlignment;
    }

    double nc1() {
        return nc1.value();
    }

    double nc2EtfDev() {
        return nc2.value();
    }

    /** Mean rank of W_l over seeds (NaN when unknown), l = 1..L. */
    double rank(int l) {
        return l <= rank.size() ? rank.get(l - 1).value() : Double.NaN;
    }

    double fro(int l) {
        return l <= fro.size() ? fro.get(l - 1).value() : Double.NaN;
    }

    double op(int l) {
        return l <= op.size() ? op.get(l - 1).value() : Double.NaN;
    }

    int layers() {
        return Math.max(rank.size(), Math.max(fro.size(), op.size()));
    }

    /** A mean that ignores NaN. */
    private static final class Mean {
        private double sum;
        private int n;

        void add(double v) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }

        double value() {
            return n == 0 ? Double.NaN : sum / n;
        }
    }
}
