package org.deepdual.sweep;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

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
 * depth and seed, β varying) that docs/theory.md §11.10 orders, as Spark SQL over cells/, one flag per
 * cell and check: 1 where the cell breaks it, 0 where it holds, null where it was not judged (a FAILED
 * cell, or no ‖Y‖² for the zero-network check). The report checks the same rules on the driver
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

    private static final String ZERO_NETWORK = "_zero_network";
    private static final StructType ZERO_NETWORK_SCHEMA = new StructType()
            .add(CellSchema.DATA, DataTypes.StringType).add(CellSchema.DATA_FINGERPRINT, DataTypes.StringType)
            .add(ZERO_NETWORK, DataTypes.DoubleType);

    private PathViolations() {
    }

    /**
     * {@code cells} with the three flag columns. {@code pathColumn} names a column constant on each β path
     * that the rows are already partitioned by, so the windows need no shuffle of their own.
     */
    static Dataset<Row> flag(Dataset<Row> cells, String pathColumn, Dataset<Row> zeroNetwork) {
        // one ordering for all three windows, so that they share one sort
        String window = "PARTITION BY " + pathColumn + ", " + CellSchema.GROUP_ID + " ORDER BY " + CellSchema.BETA;
        String whole = window + " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING";
        String earlier = window + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING";
        String later = window + " ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING";
        return cells.join(broadcast(zeroNetwork), scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of(CellSchema.DATA, CellSchema.DATA_FINGERPRINT)).toSeq(), "left")
                .withColumn("_pv_judged", expr("coalesce(" + CellSchema.STATUS + ", '" + Status.FAILED.name()
                        + "') <> '" + Status.FAILED.name() + "' AND " + CellSchema.PRIMAL + " IS NOT NULL"))
                .withColumn("_pv_tol", expr("max(CASE WHEN _pv_judged THEN " + tolerance() + " END) OVER (" + whole
                        + ")"))
                .withColumn("_pv_previous", expr("last(CASE WHEN _pv_judged THEN " + CellSchema.PRIMAL
                        + " END, true) OVER (" + earlier + ")"))
                .withColumn("_pv_later", expr("min(CASE WHEN _pv_judged THEN " + CellSchema.PRIMAL + " END) OVER ("
                        + later + ")"))
                .withColumn(VALUE_DROPS, expr("CASE WHEN NOT _pv_judged THEN NULL WHEN _pv_previous IS NULL THEN 0"
                        + " WHEN " + CellSchema.PRIMAL + " < _pv_previous - _pv_tol * greatest(1, abs(_pv_previous))"
                        + " THEN 1 ELSE 0 END"))
                .withColumn(ABOVE_ZERO_NETWORK, expr("CASE WHEN NOT _pv_judged OR " + ZERO_NETWORK + " IS NULL OR coalesce("
                        + CellSchema.LOSS + ", 'squared') <> 'squared' THEN"
                        + " NULL WHEN " + CellSchema.PRIMAL + " > " + ZERO_NETWORK + " + _pv_tol * greatest(1, abs("
                        + CellSchema.PRIMAL + ")) THEN 1 ELSE 0 END"))
                .withColumn(DUAL_ABOVE_LATER_PRIMAL, expr("CASE WHEN NOT _pv_judged THEN NULL WHEN " + CellSchema.DUAL
                        + " IS NULL OR NOT " + provenDual() + " OR _pv_later IS NULL THEN 0 WHEN " + CellSchema.DUAL
                        + " > _pv_later + _pv_tol * greatest(1, abs(_pv_later)) THEN 1 ELSE 0 END"))
                .drop(ZERO_NETWORK, "_pv_judged", "_pv_tol", "_pv_previous", "_pv_later");
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
        Dataset<Row> datasets = spark.read().option("mergeSchema", "true").parquet(out.datasets().toString());
        List<String> columns = List.of(datasets.columns());
        List<Column> norms = new ArrayList<>();
        if (columns.contains(DataCatalog.TARGET_NORM_SQUARED)) {
            norms.add(col(DataCatalog.TARGET_NORM_SQUARED));
        }
        if (columns.contains(DataCatalog.PATH_TARGETS)) {
            norms.add(expr("aggregate(" + DataCatalog.PATH_TARGETS + ", 0D, (s, a) -> s + a * a)"));
        }
        norms.add(lit(null).cast(DataTypes.DoubleType));
        Column normSquared = org.apache.spark.sql.functions.coalesce(norms.toArray(new Column[0]));
        return datasets.select(col(DataCatalog.NAME).as(CellSchema.DATA),
                        col(DataCatalog.FINGERPRINT).as(CellSchema.DATA_FINGERPRINT), normSquared.multiply(0.5).as(
                                ZERO_NETWORK))
                .groupBy(CellSchema.DATA, CellSchema.DATA_FINGERPRINT).agg(expr("max(" + ZERO_NETWORK + ")")
                        .as(ZERO_NETWORK));
    }
}
