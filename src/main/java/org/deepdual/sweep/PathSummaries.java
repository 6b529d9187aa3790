package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code summary/by_path} rows, computed on the driver from the by_beta rows (few: one per β point) in
 * their key order, so that each path's points are adjacent and in increasing β. Every column is the SQL
 * aggregate docs/output.md defines, with Spark SQL's semantics: nulls left out (a sum over none is null),
 * doubles ordered with NaN above every number and -0 equal to 0, {@code max_by} keeping the first (smallest β)
 * of equal maxima. This replaces two window functions and a grouping, and the Spark jobs they cost.
 */
final class PathSummaries {
    static final List<String> COUNTS = BetaPointAggregation.COUNTS;

    private final StructType keyed;
    private final int[] key;
    private final int path;
    private final int beta;
    private final int[] counts;
    private final int rank1Max;
    private final int rank1Mean;
    private final int gapMax;
    private final int relGapMax;
    private final int[] flags;

    /** {@code keyed}: the by_beta rows' schema with the path column and the per-β sums of the path checks. */
    PathSummaries(StructType keyed, String pathColumn, String flagPrefix) {
        this.keyed = keyed;
        key = SweepReducer.PATH_KEY.stream().mapToInt(keyed::fieldIndex).toArray();
        path = keyed.fieldIndex(pathColumn);
        beta = keyed.fieldIndex(CellSchema.BETA);
        counts = COUNTS.stream().mapToInt(keyed::fieldIndex).toArray();
        rank1Max = keyed.fieldIndex(CellSchema.LAYER_RANK + "_max");
        rank1Mean = keyed.fieldIndex(CellSchema.LAYER_RANK + "_mean");
        gapMax = keyed.fieldIndex(CellSchema.GAP + "_max");
        relGapMax = keyed.fieldIndex(SweepReducer.REL_GAP + "_max");
        flags = PathViolations.FLAGS.stream().mapToInt(f -> keyed.fieldIndex(flagPrefix + f)).toArray();
    }

    /** by_path's columns, typed as the SQL aggregates type them. */
    StructType schema() {
        StructType s = new StructType();
        for (int k : key) {
            s = s.add(keyed.fields()[k]);
        }
        for (String c : COUNTS) {
            s = s.add(c, DataTypes.LongType, true);
        }
        StructType step = new StructType().add(keyed.fields()[beta].name(), DataTypes.DoubleType,
                        keyed.fields()[beta].nullable())
                .add("rank_before", DataTypes.DoubleType, true).add("rank_after", DataTypes.DoubleType, true);
        s = s.add("betas", DataTypes.LongType, false).add("beta_min", DataTypes.DoubleType, true)
                .add("beta_max", DataTypes.DoubleType, true).add("critical_beta", DataTypes.DoubleType, true)
                .add("rank_steps", DataTypes.createArrayType(step, false), false)
                .add("max_gap", DataTypes.DoubleType, true).add("max_gap_beta", DataTypes.DoubleType, true)
                .add("max_rel_gap", DataTypes.DoubleType, true);
        for (String f : PathViolations.FLAGS) {
            s = s.add(f, DataTypes.LongType, true);
        }
        return s;
    }

    /** One row per path of {@code byBeta} (sorted by the by_beta key), in that order. */
    List<Row> of(List<Row> byBeta) {
        List<Row> out = new ArrayList<>();
        int from = 0;
        while (from < byBeta.size()) {
            Object p = byBeta.get(from).get(path);
            int to = from + 1;
            while (to < byBeta.size() && p.equals(byBeta.get(to).get(path))) {
                to++;
            }
            out.add(summarize(byBeta.subList(from, to)));
            from = to;
        }
        return out;
    }

    private Row summarize(List<Row> points) {
        List<Object> v = new ArrayList<>();
        Row first = points.get(0);
        for (int k : key) {
            v.add(first.get(k));
        }
        for (int c : counts) {
            v.add(sum(points, c));
        }
        Double lastNonzero = null;
        for (Row r : points) {
            Double rank = firstElement(r, rank1Max);
            if (rank != null && PathChecks.sqlCompare(rank, 0) > 0) {
                lastNonzero = sqlMax(lastNonzero, doubleAt(r, beta));
            }
        }
        Double critical = null;
        List<Row> steps = new ArrayList<>();
        Double previousMean = null;
        Double maxGap = null;
        Double maxGapBeta = null;
        Double maxRelGap = null;
        Double betaMin = null;
        Double betaMax = null;
        for (Row r : points) {
            Double b = doubleAt(r, beta);
            betaMin = sqlMin(betaMin, b);
            betaMax = sqlMax(betaMax, b);
            Double rank = firstElement(r, rank1Max);
            if (rank != null && PathChecks.sqlCompare(rank, 0) == 0
                    && (lastNonzero == null || b != null && PathChecks.sqlCompare(b, lastNonzero) > 0)) {
                critical = sqlMin(critical, b);
            }
            Double mean = firstElement(r, rank1Mean);
            if (mean != null && previousMean != null && PathChecks.sqlCompare(mean, previousMean) < 0) {
                steps.add(RowFactory.create(b, previousMean, mean));
            }
            previousMean = mean;
            Double gap = doubleAt(r, gapMax);
            // max_by keeps the first of equal maxima: the smallest β
            if (gap != null && (maxGap == null || PathChecks.sqlCompare(gap, maxGap) > 0)) {
                maxGap = gap;
                maxGapBeta = b;
            }
            maxRelGap = sqlMax(maxRelGap, doubleAt(r, relGapMax));
        }
        steps.sort(Comparator.comparing((Row s) -> (Double) s.get(0), PathSummaries::nullsFirst));
        v.add((long) points.size());
        v.add(betaMin);
        v.add(betaMax);
        v.add(critical);
        v.add(scala.jdk.javaapi.CollectionConverters.asScala(steps).toSeq());
        v.add(maxGap);
        v.add(maxGapBeta);
        v.add(maxRelGap);
        for (int f : flags) {
            v.add(sum(points, f));
        }
        return RowFactory.create(v.toArray());
    }

    private static Long sum(List<Row> points, int column) {
        Long s = null;
        for (Row r : points) {
            if (!r.isNullAt(column)) {
                s = (s == null ? 0 : s) + r.getLong(column);
            }
        }
        return s;
    }

    /** The first element of an array column: null for a null or empty array, as try_element_at(a, 1). */
    private static Double firstElement(Row r, int column) {
        if (r.isNullAt(column)) {
            return null;
        }
        List<Object> a = r.getList(column);
        return a.isEmpty() ? null : (Double) a.get(0);
    }

    private static Double doubleAt(Row r, int column) {
        return r.isNullAt(column) ? null : r.getDouble(column);
    }

    private static int nullsFirst(Double a, Double b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return PathChecks.sqlCompare(a, b);
    }

    /** SQL's max over non-null values: null only when both are. */
    private static Double sqlMax(Double a, Double b) {
        return a == null ? b : b == null ? a : PathChecks.sqlCompare(b, a) > 0 ? b : a;
    }

    private static Double sqlMin(Double a, Double b) {
        return a == null ? b : b == null ? a : PathChecks.sqlCompare(b, a) < 0 ? b : a;
    }
}
