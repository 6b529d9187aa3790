package org.deepdual.bench.sweep;

import static org.apache.spark.sql.functions.expr;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.deepdual.bench.solve.ResultTable;
import org.deepdual.bench.solve.SampleSummary;
import org.deepdual.sweep.CellSchema;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SweepReducer;
import org.deepdual.sweep.SweepSession;

/**
 * The {@code reduce} part of the benchmark: the reducer's rows per second on a synthetic {@code cells/} of N
 * rows shaped like a closed-form sweep's (β paths of {@value #BETAS} points and {@value #SEEDS} seeds, depths
 * 2-12 with per-layer arrays of that length, every column of the cells schema filled, 1 % FAILED cells),
 * written once as Parquet in 12 files, then reduced on local[2] in this JVM: one cold run, then {@code runs}
 * timed runs, of which the median is reported.
 */
public final class ReduceThroughput {
    static final int BETAS = 200;
    static final int SEEDS = 16;
    static final int FILES = 12;

    private ReduceThroughput() {
    }

    public static List<String> columns() {
        return List.of("rows", "beta_points", "cold_s", "median_s", "min_s", "max_s", "runs", "rows_per_s",
                "load_average", "median_cpu_s");
    }

    /** Builds the cells under {@code dir} (emptied first) and times the reducer on them. */
    public static ResultTable run(Path dir, int rows, int runs, PrintStream log) {
        if (rows < 1 || runs < 1) {
            throw new IllegalArgumentException("reduce bench: rows and runs must be >= 1, got " + rows + ", " + runs);
        }
        SweepScaling.deleteRecursively(dir);
        SparkSession spark = SweepSession.create("local[2]", "deepdual bench reduce", Map.of());
        ResultTable t = new ResultTable("reducer throughput (local[2], synthetic cells/)", columns());
        try {
            synthetic(spark, rows).write().mode(SaveMode.ErrorIfExists).parquet(dir.resolve("cells").toString());
            SweepOutput out = SweepOutput.resolve(dir.toString(), spark.sparkContext().hadoopConfiguration(),
                    "bench output");
            double cold = timed(spark, out);
            log.printf(Locale.ROOT, "  reduce %d rows: cold %.2f s%n", rows, cold);
            double[] s = new double[runs];
            double[] cpu = new double[runs];
            for (int i = 0; i < runs; i++) {
                long c0 = processCpuNanos();
                s[i] = timed(spark, out);
                cpu[i] = (processCpuNanos() - c0) / 1e9;
                log.printf(Locale.ROOT, "  reduce %d rows: run %d %.2f s, process CPU %.2f s%n", rows, i, s[i], cpu[i]);
            }
            SampleSummary m = SampleSummary.of(s);
            long points = spark.read().parquet(out.summaryByBeta().toString()).count();
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            t.add(rows, points, cold, m.median(), m.min(), m.max(), runs, rows / m.median(), load,
                    SampleSummary.of(cpu).median());
            t.note("median of warm runs in one JVM; the cold run includes Spark's first-query warm-up;"
                    + " load_average: other processes share the cores; median_cpu_s: this JVM's CPU time per warm"
                    + " reduce (all threads, local[2]'s executors among them), steadier than the wall on a shared machine");
        } finally {
            spark.stop();
        }
        return t;
    }

    /** This JVM's CPU time: on a shared machine a steadier measure of the reducer's work than its wall time. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double timed(SparkSession spark, SweepOutput out) {
        long t0 = System.nanoTime();
        SweepReducer.reduce(spark, out);
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * {@code rows} cells: row i is β point i mod {@value #BETAS} of seed (i / {@value #BETAS}) mod
     * {@value #SEEDS} of path i / ({@value #BETAS} · {@value #SEEDS}), the path's width telling paths apart.
     */
    static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> synthetic(SparkSession spark, int rows) {
        String b = "(id % " + BETAS + ")";
        String seed = "((id DIV " + BETAS + ") % " + SEEDS + ")";
        String path = "(id DIV " + (BETAS * SEEDS) + ")";
        String depth = "(2 + " + path + " % 11)";
        String beta = "pow(10, -4 + 6 * " + b + " / " + (BETAS - 1) + ")";
        // a deterministic, seed-dependent scatter in (0, 1): the statistics over seeds are not degenerate
        String u = "((" + seed + " * 0.618034 + " + b + " * 0.414214) % 1)";
        List<Column> cols = new ArrayList<>();
        for (StructField f : CellSchema.CELLS.fields()) {
            String e = switch (f.name()) {
                case CellSchema.CELL_ID -> "concat('p', " + path + ", '-s', " + seed + ", '-b', " + b + ")";
                case CellSchema.GROUP_ID -> "concat('p', " + path + ", '-s', " + seed + ")";
                case CellSchema.SCHEMA_VERSION -> Integer.toString(CellSchema.VERSION);
                case CellSchema.DATA -> "'synthetic'";
                case CellSchema.DATA_FINGERPRINT -> "'f0'";
                case CellSchema.SETTING -> "'linear'";
                case CellSchema.OBJECTIVE -> "'wd'";
                case CellSchema.LOSS -> "'squared'";
                case CellSchema.VARIANT, CellSchema.T, CellSchema.REASON, CellSchema.COLLAPSE_REASON,
                        CellSchema.BASELINE_REASON, CellSchema.WEIGHTS_PATH -> "NULL";
                case CellSchema.BETA -> beta;
                case CellSchema.WIDTH -> "8 + " + path;
                case CellSchema.DEPTH -> depth;
                case CellSchema.SEED -> seed;
                case CellSchema.ITERATIONS -> "0";
                case CellSchema.STATUS -> "CASE WHEN id % 100 = 7 THEN 'FAILED' ELSE 'OPTIMAL' END";
                case CellSchema.CERTIFIED -> "id % 100 <> 7";
                case CellSchema.PRIMAL -> "CASE WHEN id % 100 = 7 THEN NULL ELSE " + beta + " / (1 + " + beta + ") END";
                case CellSchema.DUAL -> "CASE WHEN id % 100 = 7 THEN NULL ELSE " + beta + " / (1 + " + beta
                        + ") - 1e-9 * " + u + " END";
                case CellSchema.GAP -> "CASE WHEN id % 100 = 7 THEN NULL ELSE 1e-9 * " + u + " END";
                default -> generic(f.dataType(), u, depth, f.name().contains("align") ? 1 : 0);
            };
            cols.add(expr(e).cast(f.dataType()).as(f.name()));
        }
        return spark.range(rows).repartition(FILES).select(cols.toArray(new Column[0]));
    }

    private static String generic(DataType type, String u, String depth, int shorter) {
        if (type.equals(DataTypes.DoubleType)) {
            return "1 + 10 * " + u;
        }
        if (type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType)) {
            return "50";
        }
        if (type.equals(DataTypes.StringType)) {
            return "'x'";
        }
        if (type.equals(DataTypes.BooleanType)) {
            return "true";
        }
        if (type instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            return "transform(sequence(1, " + depth + " - " + shorter + "), l -> l * " + u + ")";
        }
        if (type instanceof ArrayType a && a.elementType().equals(DataTypes.IntegerType)) {
            return "transform(sequence(1, " + depth + " - " + shorter + "), l -> CAST(l + 10 * " + u + " AS INT))";
        }
        return "NULL";
    }
}
