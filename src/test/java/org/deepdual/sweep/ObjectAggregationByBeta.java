package org.deepdual.sweep;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deepdual.model.Status;

/**
 * The reducer's by_beta as it was computed before the streaming pass (commit 384d9bd): scalars in a hash
 * aggregation, the arrays collected per β point and summarized by a UDF, the two joined. Kept as the
 * reference the streaming pass must reproduce.
 */
final class ObjectAggregationByBeta {
    private ObjectAggregationByBeta() {
    }

    static Dataset<Row> byBeta(Dataset<Row> cells, Dataset<Row> zeroNetwork) {
        Column[] pathKey = SweepReducer.PATH_KEY.stream().map(n -> col(n)).toArray(Column[]::new);
        // as the reducer keys them: rows without a loss are squared-loss cells
        Dataset<Row> keyed = cells.withColumn(CellSchema.LOSS, expr("coalesce(loss, 'squared')"))
                .withColumn(SweepReducer.PATH, to_json(struct(pathKey)))
                .repartition(col(SweepReducer.PATH))
                .withColumn(SweepReducer.REL_GAP, expr("gap / greatest(1, abs(primal))"));
        Dataset<Row> flagged = windowFlags(keyed, SweepReducer.PATH, zeroNetwork);
        List<Column> aggs = new ArrayList<>();
        aggs.add(expr("count_if(status = 'FAILED')").as("failed"));
        aggs.add(expr("count_if(certified)").as("certified"));
        aggs.add(expr("count_if(status = 'OPTIMAL')").as("optimal"));
        aggs.add(expr("count_if(status = 'BOUNDS')").as("bounds"));
        for (String m : SweepReducer.SCALARS) {
            aggs.add(expr("avg(" + m + ")").as(m + "_mean"));
            aggs.add(expr("stddev_samp(" + m + ")").as(m + "_std"));
            aggs.add(expr("min(" + m + ")").as(m + "_min"));
            aggs.add(expr("max(" + m + ")").as(m + "_max"));
        }
        for (String f : PathViolations.FLAGS) {
            aggs.add(expr("sum(" + f + ")").as(SweepReducer.HIDDEN + f));
        }
        List<Column> groupBy = new ArrayList<>(List.of(col(SweepReducer.PATH)));
        SweepReducer.BETA_KEY.forEach(k -> groupBy.add(col(k)));
        Dataset<Row> scalars = flagged.groupBy(groupBy.toArray(new Column[0])).agg(expr("count(*)").as("cells"),
                aggs.toArray(new Column[0]));
        List<Column> lists = new ArrayList<>();
        for (String a : SweepReducer.ARRAYS) {
            lists.add(expr("collect_list(" + a + ")").as("_list_" + a));
        }
        Dataset<Row> grouped = keyed.groupBy(col(SweepReducer.PATH), col(CellSchema.BETA))
                .agg(lists.get(0), lists.subList(1, lists.size()).toArray(new Column[0]));
        var stats = udf(new Stats(), Stats.TYPE);
        List<Column> withStats = new ArrayList<>(List.of(col(SweepReducer.PATH), col(CellSchema.BETA)));
        for (String a : SweepReducer.ARRAYS) {
            withStats.add(stats.apply(col("_list_" + a)).as("_stats_" + a));
        }
        Dataset<Row> joined = scalars.join(grouped.select(withStats.toArray(new Column[0])),
                scala.jdk.javaapi.CollectionConverters.asScala(List.of(SweepReducer.PATH, CellSchema.BETA)).toSeq());
        List<Column> out = new ArrayList<>();
        for (String c : scalars.columns()) {
            if (!c.startsWith(SweepReducer.HIDDEN)) {
                out.add(col(c));
            }
        }
        for (String a : SweepReducer.ARRAYS) {
            for (String stat : List.of("mean", "std", "min", "max")) {
                out.add(col("_stats_" + a + "." + stat).as(a + "_" + stat));
            }
        }
        for (String f : PathViolations.FLAGS) {
            out.add(col(SweepReducer.HIDDEN + f));
        }
        return joined.select(out.toArray(new Column[0]));
    }

    /**
     * {@code cells} with the three flag columns, as window functions (the reducer's path checks before
     * PathChecks): the reference the streaming checks must reproduce. {@code pathColumn} names a column constant on each β path
     * that the rows are already partitioned by, so the windows need no shuffle of their own.
     */
    static Dataset<Row> windowFlags(Dataset<Row> cells, String pathColumn, Dataset<Row> zeroNetwork) {
        // one ordering for all three windows, so that they share one sort
        String window = "PARTITION BY " + pathColumn + ", " + CellSchema.GROUP_ID + " ORDER BY " + CellSchema.BETA;
        String whole = window + " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING";
        String earlier = window + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING";
        String later = window + " ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING";
        return cells.join(broadcast(zeroNetwork), scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of(CellSchema.DATA, CellSchema.DATA_FINGERPRINT)).toSeq(), "left")
                .withColumn("_pv_judged", expr("coalesce(" + CellSchema.STATUS + ", '" + Status.FAILED.name()
                        + "') <> '" + Status.FAILED.name() + "' AND " + CellSchema.PRIMAL + " IS NOT NULL"))
                .withColumn("_pv_tol", expr("max(CASE WHEN _pv_judged THEN " + PathViolations.tolerance() + " END) OVER (" + whole
                        + ")"))
                .withColumn("_pv_previous", expr("last(CASE WHEN _pv_judged THEN " + CellSchema.PRIMAL
                        + " END, true) OVER (" + earlier + ")"))
                .withColumn("_pv_later", expr("min(CASE WHEN _pv_judged THEN " + CellSchema.PRIMAL + " END) OVER ("
                        + later + ")"))
                .withColumn(PathViolations.VALUE_DROPS, expr("CASE WHEN NOT _pv_judged THEN NULL WHEN _pv_previous IS NULL THEN 0"
                        + " WHEN " + CellSchema.PRIMAL + " < _pv_previous - _pv_tol * greatest(1, abs(_pv_previous))"
                        + " THEN 1 ELSE 0 END"))
                .withColumn(PathViolations.ABOVE_ZERO_NETWORK, expr("CASE WHEN NOT _pv_judged OR " + PathViolations.ZERO_NETWORK + " IS NULL OR coalesce("
                        + CellSchema.LOSS + ", 'squared') <> 'squared' THEN"
                        + " NULL WHEN " + CellSchema.PRIMAL + " > " + PathViolations.ZERO_NETWORK + " + _pv_tol * greatest(1, abs("
                        + CellSchema.PRIMAL + ")) THEN 1 ELSE 0 END"))
                .withColumn(PathViolations.DUAL_ABOVE_LATER_PRIMAL, expr("CASE WHEN NOT _pv_judged THEN NULL WHEN " + CellSchema.DUAL
                        + " IS NULL OR NOT " + PathViolations.provenDual() + " OR _pv_later IS NULL THEN 0 WHEN " + CellSchema.DUAL
                        + " > _pv_later + _pv_tol * greatest(1, abs(_pv_later)) THEN 1 ELSE 0 END"))
                .drop(PathViolations.ZERO_NETWORK, "_pv_judged", "_pv_tol", "_pv_previous", "_pv_later");
    }

    /** The former UDF: Welford's update per position over the collected arrays. */
    static final class Stats implements UDF1<scala.collection.Seq<scala.collection.Seq<Object>>, Row> {
        private static final long serialVersionUID = 1L;
        static final StructType TYPE = new StructType()
                .add("mean", DataTypes.createArrayType(DataTypes.DoubleType, true))
                .add("std", DataTypes.createArrayType(DataTypes.DoubleType, true))
                .add("min", DataTypes.createArrayType(DataTypes.DoubleType, true))
                .add("max", DataTypes.createArrayType(DataTypes.DoubleType, true));

        @Override
        public Row call(scala.collection.Seq<scala.collection.Seq<Object>> arrays) {
            List<scala.collection.Seq<Object>> rows = new ArrayList<>();
            int len = 0;
            if (arrays != null) {
                scala.collection.Iterator<scala.collection.Seq<Object>> it = arrays.iterator();
                while (it.hasNext()) {
                    scala.collection.Seq<Object> a = it.next();
                    if (a != null) {
                        rows.add(a);
                        len = Math.max(len, a.size());
                    }
                }
            }
            if (len == 0) {
                return null;
            }
            Double[][] s = new Double[4][len];
            for (int i = 0; i < len; i++) {
                int n = 0;
                double m = 0;
                double q = 0;
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (scala.collection.Seq<Object> a : rows) {
                    Object o = i < a.size() ? a.apply(i) : null;
                    if (o != null) {
                        double x = ((Number) o).doubleValue();
                        n++;
                        double delta = x - m;
                        m += delta / n;
                        q += delta * (x - m);
                        lo = Math.min(lo, x);
                        hi = Math.max(hi, x);
                    }
                }
                s[0][i] = n == 0 ? null : m;
                s[1][i] = n < 2 ? null : Math.sqrt(q / (n - 1));
                s[2][i] = n == 0 ? null : lo;
                s[3][i] = n == 0 ? null : hi;
            }
            return RowFactory.create((Object[]) s);
        }
    }
}
