package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of {@code OUTPUT/cells/} (docs/output.md), schema version {@value #VERSION}:
 * the cell's id and parameters, the solve result of docs/cli.md (per-layer values as
 * arrays indexed by layer l = 1..L, alignments by pair l = 1..L−1), the statistics of docs/theory.md
 * §10, the baseline, timings and provenance. Undefined numbers are null, never NaN.
 * Rows also carry a transient {@code trajectory} column that goes to {@code OUTPUT/trajectories/}.
 */
public final class CellSchema {
    public static final int VERSION = 1;
    public static final String TRAJECTORY = "trajectory";

    private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, true);
    private static final DataType INTS = DataTypes.createArrayType(DataTypes.IntegerType, true);

    /** One recorded point of a baseline's training (train.TrajectoryPoint). */
    public static final StructType TRAJECTORY_POINT = new StructType(new StructField[] {
        field("iteration", DataTypes.IntegerType), field("time_ms", DataTypes.DoubleType),
        field("objective", DataTypes.DoubleType), field("fro", DOUBLES), field("op", DOUBLES),
        field("stable_rank", DOUBLES), field("align_top1", DOUBLES), field("nc1", DataTypes.DoubleType),
        field("nc2_etf_dev", DataTypes.DoubleType), field("nc3_centered", DataTypes.DoubleType)});

    /** The columns of cells/, in order ({@code setting} becomes the partition directory). */
    public static final StructType CELLS;
    /** {@link #CELLS} plus the transient trajectory column. */
    public static final StructType WITH_TRAJECTORY;
    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("cell_id", DataTypes.StringType, false));
        add(f, DataTypes.IntegerType, "schema_version");
        add(f, DataTypes.StringType, "run_id");
        add(f, DataTypes.TimestampType, "run_started_at", "started_at");
        add(f, DataTypes.StringType, "group_id", "data", "data_fingerprint", "setting", "variant", "objective");
        add(f, DataTypes.DoubleType, "beta", "t");
        add(f, DataTypes.IntegerType, "width", "depth");
        add(f, DataTypes.LongType, "seed");
        add(f, DataTypes.IntegerType, "patterns", "n", "d", "k");
        add(f, DataTypes.StringType, "status", "reason");
        add(f, DataTypes.BooleanType, "certified");
        add(f, DataTypes.DoubleType, "primal", "dual", "gap", "forward_primal", "tc_violation", "t_star");
        add(f, DataTypes.IntegerType, "needed_width", "iterations");
        add(f, DataTypes.DoubleType, "rank_rtol");
        add(f, DOUBLES, "layer_fro", "layer_op");
        add(f, INTS, "layer_rank");
        add(f, DOUBLES, "layer_stable_rank", "align_top1", "align_top2", "align_subspace");
        add(f, DataTypes.DoubleType, "balance", "nc1", "nc2_equinorm", "nc2_equiangular", "nc2_etf_dev", "nc3_raw",
                "nc3_centered", "nc4", "train_accuracy");
        add(f, DataTypes.StringType, "collapse_reason");
        add(f, DataTypes.BooleanType, "baseline");
        add(f, DataTypes.StringType, "baseline_optimizer");
        add(f, DataTypes.DoubleType, "baseline_objective", "baseline_excess");
        add(f, DataTypes.IntegerType, "baseline_iterations");
        add(f, DataTypes.BooleanType, "baseline_converged");
        add(f, DataTypes.DoubleType, "baseline_ms");
        add(f, DOUBLES, "baseline_layer_fro", "baseline_layer_op");
        add(f, INTS, "baseline_layer_rank");
        add(f, DOUBLES, "baseline_layer_stable_rank", "baseline_align_top1", "baseline_align_top2",
                "baseline_align_subspace");
        add(f, DataTypes.DoubleType, "baseline_balance", "baseline_nc1", "baseline_nc2_equinorm",
                "baseline_nc2_equiangular", "baseline_nc2_etf_dev", "baseline_nc3_raw", "baseline_nc3_centered",
                "baseline_nc4", "baseline_train_accuracy");
        add(f, DataTypes.StringType, "baseline_reason");
        add(f, DataTypes.DoubleType, "prepare_ms", "solve_ms", "stats_ms");
        add(f, DataTypes.StringType, "weights_path", "version", "commit", "java", "spark", "blas", "lapack", "host");
        // added after version 1's columns (a column added, none renamed): relu2's seeding, lbfgs or none
        add(f, DataTypes.StringType, "relu2_seed");
        CELLS = new StructType(f.toArray(new StructField[0]));
        f.add(field(TRAJECTORY, new ArrayType(TRAJECTORY_POINT, false)));
        WITH_TRAJECTORY = new StructType(f.toArray(new StructField[0]));
        for (int i = 0; i < f.size(); i++) {
            INDEX.put(f.get(i).name(), i);
        }
    }

    private CellSchema() {
    }

    /** Position of {@code column} in {@link #WITH_TRAJECTORY}. */
    static int index(String column) {
        Integer i = INDEX.get(column);
        if (i == null) {
            throw new IllegalArgumentException("no column '" + column + "' in the cells schema");
        }
        return i;
    }

    private static void add(List<StructField> f, DataType type, String... names) {
        for (String n : names) {
            f.add(field(n, type));
        }
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
