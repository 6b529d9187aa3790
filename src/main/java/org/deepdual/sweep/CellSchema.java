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
    /**
     * 2: {@code dual} holds only proven lower bounds (relu2 with sampled patterns used to store its searched
     * estimate there), the searched value goes to {@code dual_estimate}. Rows of another version are a
     * different schema: resume refuses them and nightly drift does not compare them.
     */
    public static final int VERSION = 2;
    public static final String TRAJECTORY = "trajectory";

    // The column names, one constant each: code that names a column of cells/ takes it from here, so a
    // name exists once and a typo fails to compile. docs/output.md documents each column.

    // identity, parameters and data shape
    public static final String CELL_ID = "cell_id";
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String RUN_ID = "run_id";
    public static final String RUN_STARTED_AT = "run_started_at";
    public static final String STARTED_AT = "started_at";
    public static final String GROUP_ID = "group_id";
    public static final String DATA = "data";
    public static final String DATA_FINGERPRINT = "data_fingerprint";
    public static final String SETTING = "setting";
    public static final String VARIANT = "variant";
    public static final String OBJECTIVE = "objective";
    /** The loss (docs/theory.md §14): squared unless the spec says otherwise; null in rows written before it. */
    public static final String LOSS = "loss";
    public static final String BETA = "beta";
    public static final String T = "t";
    public static final String WIDTH = "width";
    public static final String DEPTH = "depth";
    public static final String SEED = "seed";
    public static final String PATTERNS = "patterns";
    public static final String N = "n";
    public static final String D = "d";
    public static final String K = "k";

    // the solve
    public static final String STATUS = "status";
    public static final String REASON = "reason";
    public static final String CERTIFIED = "certified";
    public static final String PRIMAL = "primal";
    public static final String DUAL = "dual";
    public static final String GAP = "gap";
    public static final String FORWARD_PRIMAL = "forward_primal";
    public static final String TC_VIOLATION = "tc_violation";
    public static final String T_STAR = "t_star";
    public static final String NEEDED_WIDTH = "needed_width";
    public static final String ITERATIONS = "iterations";
    public static final String RANK_RTOL = "rank_rtol";

    // statistics of the solver's network (docs/theory.md section 10)
    public static final String LAYER_FRO = "layer_fro";
    public static final String LAYER_OP = "layer_op";
    public static final String LAYER_RANK = "layer_rank";
    public static final String LAYER_STABLE_RANK = "layer_stable_rank";
    public static final String ALIGN_TOP1 = "align_top1";
    public static final String ALIGN_TOP2 = "align_top2";
    public static final String ALIGN_SUBSPACE = "align_subspace";
    public static final String BALANCE = "balance";
    public static final String NC1 = "nc1";
    public static final String NC2_EQUINORM = "nc2_equinorm";
    public static final String NC2_EQUIANGULAR = "nc2_equiangular";
    public static final String NC2_ETF_DEV = "nc2_etf_dev";
    public static final String NC3_RAW = "nc3_raw";
    public static final String NC3_CENTERED = "nc3_centered";
    public static final String NC4 = "nc4";
    public static final String TRAIN_ACCURACY = "train_accuracy";
    /** Classification losses only (docs/theory.md §14): accuracy and margins y·f of the cell's network. */
    public static final String MARGIN_ACCURACY = "margin_accuracy";
    public static final String MARGIN_MIN = "margin_min";
    public static final String MARGIN_MEAN = "margin_mean";
    public static final String MARGIN_BELOW_ONE = "margin_below_one";
    public static final String COLLAPSE_REASON = "collapse_reason";

    // the baseline: its own columns, then the statistics above of the trained network, each under the prefix
    public static final String BASELINE = "baseline";
    public static final String BASELINE_PREFIX = BASELINE + "_";
    public static final String BASELINE_OPTIMIZER = BASELINE_PREFIX + "optimizer";
    public static final String BASELINE_OBJECTIVE = BASELINE_PREFIX + "objective";
    public static final String BASELINE_EXCESS = BASELINE_PREFIX + "excess";
    public static final String BASELINE_ITERATIONS = BASELINE_PREFIX + "iterations";
    public static final String BASELINE_CONVERGED = BASELINE_PREFIX + "converged";
    public static final String BASELINE_MS = BASELINE_PREFIX + "ms";
    public static final String BASELINE_LAYER_FRO = BASELINE_PREFIX + LAYER_FRO;
    public static final String BASELINE_LAYER_OP = BASELINE_PREFIX + LAYER_OP;
    public static final String BASELINE_LAYER_RANK = BASELINE_PREFIX + LAYER_RANK;
    public static final String BASELINE_LAYER_STABLE_RANK = BASELINE_PREFIX + LAYER_STABLE_RANK;
    public static final String BASELINE_ALIGN_TOP1 = BASELINE_PREFIX + ALIGN_TOP1;
    public static final String BASELINE_ALIGN_TOP2 = BASELINE_PREFIX + ALIGN_TOP2;
    public static final String BASELINE_ALIGN_SUBSPACE = BASELINE_PREFIX + ALIGN_SUBSPACE;
    public static final String BASELINE_BALANCE = BASELINE_PREFIX + BALANCE;
    public static final String BASELINE_NC1 = BASELINE_PREFIX + NC1;
    public static final String BASELINE_NC2_EQUINORM = BASELINE_PREFIX + NC2_EQUINORM;
    public static final String BASELINE_NC2_EQUIANGULAR = BASELINE_PREFIX + NC2_EQUIANGULAR;
    public static final String BASELINE_NC2_ETF_DEV = BASELINE_PREFIX + NC2_ETF_DEV;
    public static final String BASELINE_NC3_RAW = BASELINE_PREFIX + NC3_RAW;
    public static final String BASELINE_NC3_CENTERED = BASELINE_PREFIX + NC3_CENTERED;
    public static final String BASELINE_NC4 = BASELINE_PREFIX + NC4;
    public static final String BASELINE_TRAIN_ACCURACY = BASELINE_PREFIX + TRAIN_ACCURACY;
    public static final String BASELINE_REASON = BASELINE_PREFIX + "reason";

    // timings and provenance
    public static final String PREPARE_MS = "prepare_ms";
    public static final String SOLVE_MS = "solve_ms";
    public static final String STATS_MS = "stats_ms";
    public static final String WEIGHTS_PATH = "weights_path";
    /** The deepdual version that computed the row (not {@link #VERSION}, the version of this schema). */
    public static final String DEEPDUAL_VERSION = "version";
    public static final String COMMIT = "commit";
    public static final String JAVA = "java";
    public static final String SPARK = "spark";
    public static final String BLAS = "blas";
    public static final String LAPACK = "lapack";
    public static final String HOST = "host";
    public static final String RELU2_SEED = "relu2_seed";
    public static final String DUAL_ESTIMATE = "dual_estimate";

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
        f.add(DataTypes.createStructField(CELL_ID, DataTypes.StringType, false));
        add(f, DataTypes.IntegerType, SCHEMA_VERSION);
        add(f, DataTypes.StringType, RUN_ID);
        add(f, DataTypes.TimestampType, RUN_STARTED_AT, STARTED_AT);
        add(f, DataTypes.StringType, GROUP_ID, DATA, DATA_FINGERPRINT, SETTING, VARIANT, OBJECTIVE, LOSS);
        add(f, DataTypes.DoubleType, BETA, T);
        add(f, DataTypes.IntegerType, WIDTH, DEPTH);
        add(f, DataTypes.LongType, SEED);
        add(f, DataTypes.IntegerType, PATTERNS, N, D, K);
        add(f, DataTypes.StringType, STATUS, REASON);
        add(f, DataTypes.BooleanType, CERTIFIED);
        add(f, DataTypes.DoubleType, PRIMAL, DUAL, GAP, FORWARD_PRIMAL, TC_VIOLATION, T_STAR);
        add(f, DataTypes.IntegerType, NEEDED_WIDTH, ITERATIONS);
        add(f, DataTypes.DoubleType, RANK_RTOL);
        add(f, DOUBLES, LAYER_FRO, LAYER_OP);
        add(f, INTS, LAYER_RANK);
        add(f, DOUBLES, LAYER_STABLE_RANK, ALIGN_TOP1, ALIGN_TOP2, ALIGN_SUBSPACE);
        add(f, DataTypes.DoubleType, BALANCE, NC1, NC2_EQUINORM, NC2_EQUIANGULAR, NC2_ETF_DEV, NC3_RAW,
                NC3_CENTERED, NC4, TRAIN_ACCURACY);
        add(f, DataTypes.DoubleType, MARGIN_ACCURACY, MARGIN_MIN, MARGIN_MEAN, MARGIN_BELOW_ONE);
        add(f, DataTypes.StringType, COLLAPSE_REASON);
        add(f, DataTypes.BooleanType, BASELINE);
        add(f, DataTypes.StringType, BASELINE_OPTIMIZER);
        add(f, DataTypes.DoubleType, BASELINE_OBJECTIVE, BASELINE_EXCESS);
        add(f, DataTypes.IntegerType, BASELINE_ITERATIONS);
        add(f, DataTypes.BooleanType, BASELINE_CONVERGED);
        add(f, DataTypes.DoubleType, BASELINE_MS);
        add(f, DOUBLES, BASELINE_LAYER_FRO, BASELINE_LAYER_OP);
        add(f, INTS, BASELINE_LAYER_RANK);
        add(f, DOUBLES, BASELINE_LAYER_STABLE_RANK, BASELINE_ALIGN_TOP1, BASELINE_ALIGN_TOP2,
                BASELINE_ALIGN_SUBSPACE);
        add(f, DataTypes.DoubleType, BASELINE_BALANCE, BASELINE_NC1, BASELINE_NC2_EQUINORM,
                BASELINE_NC2_EQUIANGULAR, BASELINE_NC2_ETF_DEV, BASELINE_NC3_RAW, BASELINE_NC3_CENTERED,
                BASELINE_NC4, BASELINE_TRAIN_ACCURACY);
        add(f, DataTypes.StringType, BASELINE_REASON);
        add(f, DataTypes.DoubleType, PREPARE_MS, SOLVE_MS, STATS_MS);
        add(f, DataTypes.StringType, WEIGHTS_PATH, DEEPDUAL_VERSION, COMMIT, JAVA, SPARK, BLAS, LAPACK, HOST);
        // added after version 1's columns (a column added, none renamed): relu2's seeding, lbfgs or none
        add(f, DataTypes.StringType, RELU2_SEED);
        // version 2: a searched, unproven dual value (never part of gap)
        add(f, DataTypes.DoubleType, DUAL_ESTIMATE);
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
