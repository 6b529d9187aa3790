package org.deepdual.report;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.deepdual.model.GapTolerance;
import org.deepdual.model.Status;

/**
 * One row of {@code OUTPUT/cells/} (docs/output.md) as the report uses it: the cell's
 * parameters, its status (docs/cli.md §Statuses), the primal value P, the dual value D (a lower
 * bound) and the gap P − D, the value recomputed by a forward pass, t* (docs/theory.md L3), the per-layer
 * and between-layer statistics of docs/theory.md §10, the Neural Collapse metrics (with labels) and
 * the non-convex baseline (when the cell has one), and what places it on its β path. Undefined numbers
 * are NaN.
 *
 * @param k columns of Y or number of classes (0 when the row does not say)
 * @param pathId the cell's β path: its {@code group_id}, or {@link CellParameters#pathKey()} for rows
 *     without one
 * @param dataFingerprint the data set's fingerprint, empty when the row does not say
 * @param d columns of X (0 when the row does not say)
 * @param iterations iterations of the solve (0 for closed forms, and when the row does not say)
 * @param schemaVersion the cells/ schema version of the row (0 when the row does not say)
 * @param solveMs wall time of the cell's solve in ms ({@code solve_ms}, NaN when the row does not say)
 */
public record CellRow(String cellId, CellParameters parameters, String status, Optional<String> reason,
        boolean certified, double primal, double dual, double gap, double forwardPrimal, double tStar,
        LayerStats layers, AlignmentStats alignment, double balance, Optional<CollapseMetrics> collapse,
        Optional<BaselineResult> baseline, int k, String pathId, String dataFingerprint, int d, int iterations,
        int schemaVersion, double solveMs) {

    public CellRow {
        Objects.requireNonNull(cellId, "cellId");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(alignment, "alignment");
        Objects.requireNonNull(collapse, "collapse");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(pathId, "pathId");
        Objects.requireNonNull(dataFingerprint, "dataFingerprint");
    }

    /** A row that does not say how long its solve took. */
    public CellRow(String cellId, CellParameters parameters, String status, Optional<String> reason,
            boolean certified, double primal, double dual, double gap, double forwardPrimal, double tStar,
            LayerStats layers, AlignmentStats alignment, double balance, Optional<CollapseMetrics> collapse,
            Optional<BaselineResult> baseline, int k, String pathId, String dataFingerprint, int d, int iterations,
            int schemaVersion) {
        this(cellId, parameters, status, reason, certified, primal, dual, gap, forwardPrimal, tStar, layers,
                alignment, balance, collapse, baseline, k, pathId, dataFingerprint, d, iterations, schemaVersion,
                Double.NaN);
    }

    /** A row of the current schema. */
    public CellRow(String cellId, CellParameters parameters, String status, Optional<String> reason,
            boolean certified, double primal, double dual, double gap, double forwardPrimal, double tStar,
            LayerStats layers, AlignmentStats alignment, double balance, Optional<CollapseMetrics> collapse,
            Optional<BaselineResult> baseline, int k, String pathId, String dataFingerprint, int d, int iterations) {
        this(cellId, parameters, status, reason, certified, primal, dual, gap, forwardPrimal, tStar, layers,
                alignment, balance, collapse, baseline, k, pathId, dataFingerprint, d, iterations,
                org.deepdual.sweep.CellSchema.VERSION);
    }

    /** A row that does not say where it sits: its path from its parameters, no fingerprint, d or iterations. */
    public CellRow(String cellId, CellParameters parameters, String status, Optional<String> reason,
            boolean certified, double primal, double dual, double gap, double forwardPrimal, double tStar,
            LayerStats layers, AlignmentStats alignment, double balance, Optional<CollapseMetrics> collapse,
            Optional<BaselineResult> baseline, int k) {
        this(cellId, parameters, status, reason, certified, primal, dual, gap, forwardPrimal, tStar, layers,
                alignment, balance, collapse, baseline, k, parameters.pathKey(), "", 0, 0);
    }

    /** The relative tolerance of docs/theory.md §3 this cell is judged with ({@link GapTolerance}). */
    public double tolerance() {
        return GapTolerance.of(parameters.setting(), iterations);
    }

    public boolean failed() {
        return Status.FAILED.name().equals(status);
    }

    public boolean optimal() {
        return Status.OPTIMAL.name().equals(status);
    }

    public boolean bounds() {
        return Status.BOUNDS.name().equals(status);
    }

    /** The gap relative to max(1, |P|), the scale of docs/theory.md §3. */
    public double relativeGap() {
        double g = Double.isNaN(gap) ? primal - dual : gap;
        return g / Math.max(1.0, Math.abs(primal));
    }

    /**
     * Per-layer statistics of docs/theory.md §10, index l−1 for layer l: ‖W_l‖_F, ‖W_l‖_2,
     * numerical rank and stable rank ‖W_l‖_F²/‖W_l‖_2².
     */
    public record LayerStats(double[] fro, double[] op, int[] rank, double[] stableRank) {
        public LayerStats {
            fro = fro.clone();
            op = op.clone();
            rank = rank.clone();
            stableRank = stableRank.clone();
        }

        public static LayerStats empty() {
            return new LayerStats(new double[0], new double[0], new int[0], new double[0]);
        }

        @Override
        public double[] fro() {
            return fro.clone();
        }

        @Override
        public double[] op() {
            return op.clone();
        }

        @Override
        public int[] rank() {
            return rank.clone();
        }

        @Override
        public double[] stableRank() {
            return stableRank.clone();
        }

        /** rank(W_l) for 1-based l, or −1 when unknown. */
        public int rankOf(int l) {
            return l >= 1 && l <= rank.length ? rank[l - 1] : -1;
        }

        /** Mean stable rank over the layers, NaN when there are none. */
        public double meanStableRank() {
            return Arrays.stream(stableRank).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LayerStats s && Arrays.equals(fro, s.fro) && Arrays.equals(op, s.op)
                    && Arrays.equals(rank, s.rank) && Arrays.equals(stableRank, s.stableRank);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(fro), Arrays.hashCode(op), Arrays.hashCode(rank),
                    Arrays.hashCode(stableRank));
        }

        @Override
        public String toString() {
            return "LayerStats[fro=" + Arrays.toString(fro) + ", rank=" + Arrays.toString(rank) + "]";
        }
    }

    /**
     * Alignment between layers l and l+1 (docs/theory.md §10), index l−1: |v_1(W_l)·u_1(W_{l+1})|,
     * the same for the second singular pair, and the mean cos² of the principal angles.
     */
    public record AlignmentStats(double[] top1, double[] top2, double[] subspace) {
        public AlignmentStats {
            top1 = top1.clone();
            top2 = top2.clone();
            subspace = subspace.clone();
        }

        public static AlignmentStats empty() {
            return new AlignmentStats(new double[0], new double[0], new double[0]);
        }

        @Override
        public double[] top1() {
            return top1.clone();
        }

        @Override
        public double[] top2() {
            return top2.clone();
        }

        @Override
        public double[] subspace() {
            return subspace.clone();
        }

        /** The smallest subspace alignment over consecutive pairs (NaN when there is none). */
        public double minSubspace() {
            return Arrays.stream(subspace).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AlignmentStats s && Arrays.equals(top1, s.top1) && Arrays.equals(top2, s.top2)
                    && Arrays.equals(subspace, s.subspace);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(top1), Arrays.hashCode(top2), Arrays.hashCode(subspace));
        }

        @Override
        public String toString() {
            return "AlignmentStats[subspace=" + Arrays.toString(subspace) + "]";
        }
    }

    /** The Neural Collapse metrics of docs/theory.md §10 on the penultimate features. */
    public record CollapseMetrics(double nc1, double nc2Equinorm, double nc2Equiangular, double nc2EtfDev,
            double nc3Raw, double nc3Centered, double nc4, double trainAccuracy) {
    }

    /**
     * The non-convex baseline of the cell: its final objective, the relative excess
     * (objective − P)/max(1, |P|) over the optimum, and the iterations it ran.
     */
    public record BaselineResult(double objective, double excess, double iterations) {
    }
}
