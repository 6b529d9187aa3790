package org.deepdual.sweep;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deepdual.model.DualProof;
import org.deepdual.model.GapTolerance;
import org.deepdual.model.Setting;
import org.deepdual.model.Status;

/**
 * The bounds along each β path (one {@code group_id}: a data set, setting, variant, objective, t, width,
 * depth and seed, β varying) that docs/theory.md §11.10 orders, one flag per cell and check: 1 where the
 * cell breaks it, 0 where it holds, null where it was not judged (a FAILED cell, or no ‖Y‖² for the
 * zero-network check). The per-cell inputs are SQL over cells/ ({@link #cellInputs}); the comparisons along
 * the path are {@link PathChecks}'s. The report checks the same rules on the driver
 * (report.PathInvariantCheck); both take the tolerances from {@link GapTolerance} and {@link DualProof}.
 * <ul>
 *   <li>{@value #VALUE_DROPS}: the primal is below the previous judged cell's primal;</li>
 *   <li>{@value #ABOVE_ZERO_NETWORK}: the primal is above ½‖Y‖², the zero network's objective (squared-loss
 *       cells only: under another loss the zero network costs ℓ(0, Y), not judged here);</li>
 *   <li>{@value #DUAL_ABOVE_LATER_PRIMAL}: the cell's proven dual is above the primal of a larger β.</li>
 * </ul>
 * Each comparison allows the path's tolerance (the largest of its judged cells': one iterative cell makes
 * the whole path iterative) relative to max(1, |primal|) of the value compared against.
 */
final class PathViolations {
    static final String VALUE_DROPS = "value_drops";
    static final String ABOVE_ZERO_NETWORK = "above_zero_network";
    static final String DUAL_ABOVE_LATER_PRIMAL = "dual_above_later_primal";
    /** The flags, in the order the summaries list their counts. */
    static final List<String> FLAGS = List.of(VALUE_DROPS, ABOVE_ZERO_NETWORK, DUAL_ABOVE_LATER_PRIMAL);
    /** The columns of cells/ the flags read, besides the path key. */
    static final List<String> INPUTS = List.of(CellSchema.GROUP_ID, CellSchema.DATA, CellSchema.DATA_FINGERPRINT,
            CellSchema.SETTING, CellSchema.LOSS, CellSchema.BETA, CellSchema.D, CellSchema.ITERATIONS, CellSchema.STATUS,
            CellSchema.PRIMAL, CellSchema.DUAL, CellSchema.SCHEMA_VERSION);

    static final String ZERO_NETWORK = "_zero_network";
    private static final StructType ZERO_NETWORK_SCHEMA = new StructType()
            .add(CellSchema.DATA, DataTypes.StringType).add(CellSchema.DATA_FINGERPRINT, DataTypes.StringType)
            .add(ZERO_NETWORK, DataTypes.DoubleType);

    private PathViolations() {
    }

    /** Per cell: judged (not FAILED, with a primal). */
    static final String JUDGED = "_pv_judged";
    /** Per cell: its own tolerance; a seed path's is the largest of its judged cells'. */
    static final String TOLERANCE = "_pv_tolerance";
    /** Per cell: whether its dual is a proof ({@link DualProof#proven}). */
    static final String PROVEN = "_pv_proven";
    /** Per cell: ½‖Y‖² when the zero-network check applies (squared loss, ‖Y‖² known), else null. */
    static final String ZERO_NETWORK_BOUND = "_pv_zero_network";
    /** The per-cell inputs of {@link PathChecks}, besides the group id, primal and dual. */
    static final List<String> CELL_INPUTS = List.of(JUDGED, TOLERANCE, PROVEN, ZERO_NETWORK_BOUND);

    /**
     * {@code cells} with the per-cell inputs of the checks ({@link #CELL_INPUTS}), as code-generated
     * expressions; the comparisons along each seed's β path are made by {@link PathChecks}.
     */
    static Dataset<Row> cellInputs(Dataset<Row> cells, Dataset<Row> zeroNetwork) {
        return cells.join(broadcast(zeroNetwork), scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of(CellSchema.DATA, CellSchema.DATA_FINGERPRINT)).toSeq(), "left")
                .withColumn(JUDGED, expr(judged()))
                .withColumn(TOLERANCE, expr(tolerance()))
                // a null (unknown) proof compares as SQL's CASE did: like a proven dual
                .withColumn(PROVEN, expr("coalesce(" + provenDual() + ", true)"))
                .withColumn(ZERO_NETWORK_BOUND, expr("CASE WHEN coalesce(" + CellSchema.LOSS + ", 'squared') = 'squared'"
                        + " THEN " + ZERO_NETWORK + " END"))
                .drop(ZERO_NETWORK);
    }

    /** Whether a cell is judged, as SQL. */
    static String judged() {
        return "coalesce(" + CellSchema.STATUS + ", '" + Status.FAILED.name() + "') <> '" + Status.FAILED.name()
                + "' AND " + CellSchema.PRIMAL + " IS NOT NULL";
    }

    /** {@link GapTolerance#of} as SQL over a cell's setting and iterations. */
    static String tolerance() {
        List<String> always = new ArrayList<>();
        for (Setting s : Setting.values()) {
            if (GapTolerance.alwaysIterative(s.cliName())) {
                always.add("'" + s.cliName() + "'");
            }
        }
        return "CASE WHEN " + CellSchema.SETTING + " IN (" + String.join(", ", always) + ") OR coalesce("
                + CellSchema.ITERATIONS + ", 0) > 0 THEN " + GapTolerance.ITERATIVE + " ELSE " + GapTolerance.CLOSED_FORM
                + " END";
    }

    /** {@link DualProof#proven} as SQL over a cell's setting, d and schema version. */
    static String provenDual() {
        return "(coalesce(" + CellSchema.SCHEMA_VERSION + ", 0) >= " + DualProof.PROVEN_SINCE_SCHEMA + " OR "
                + CellSchema.SETTING + " <> '" + Setting.RELU2.cliName() + "' OR coalesce(" + CellSchema.D
                + ", 0) BETWEEN 1 AND " + DualProof.RELU2_EXACT_UP_TO_D + ")";
    }

    /**
     * ½‖Y‖² per (data, data_fingerprint) from {@code OUTPUT/datasets/}: its {@code target_norm_squared},
     * or for outputs written before that column the sum of the squared path targets, which is ‖Y‖² as
     * well (‖y₊‖² + ‖y₋‖² per output column; Σ n_k for labelled data, whose targets are one-hot or ±1).
     * Empty when the output has no datasets/.
     */
    static Dataset<Row> zeroNetwork(SparkSession spark, SweepOutput out) {
        if (!CellsTable.hasParquet(out, out.datasets())) {
            return spark.createDataFrame(List.of(), ZERO_NETWORK_SCHEMA);
        }
        // The known columns, not a merged schema (that costs a Spark job): a column missing from files
        // written before it existed reads as null.
        StructType known = new StructType();
        for (String c : List.of(DataCatalog.NAME, DataCatalog.FINGERPRINT, DataCatalog.PATH_TARGETS,
                DataCatalog.TARGET_NORM_SQUARED)) {
            known = known.add(DataCatalog.SCHEMA.apply(c));
        }
        Dataset<Row> datasets = spark.read().schema(known).parquet(out.datasets().toString());
        Column normSquared = org.apache.spark.sql.functions.coalesce(col(DataCatalog.TARGET_NORM_SQUARED),
                expr("aggregate(" + DataCatalog.PATH_TARGETS + ", 0D, (s, a) -> s + a * a)"));
        return datasets.select(col(DataCatalog.NAME).as(CellSchema.DATA),
                        col(DataCatalog.FINGERPRINT).as(CellSchema.DATA_FINGERPRINT), normSquared.multiply(0.5).as(
                                ZERO_NETWORK))
                .groupBy(CellSchema.DATA, CellSchema.DATA_FINGERPRINT).agg(expr("max(" + ZERO_NETWORK + ")")
                        .as(ZERO_NETWORK));
    }
}
