package org.deepdual.report.trend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.CellSchema;
import org.deepdual.sweep.NightlyHistory;
import org.deepdual.sweep.NightlyStudy;

/**
 * Builds {@code ROOT/trend/index.html} and {@code ROOT/trend/trend.csv} from every {@code date=} night under a
 * nightly study's root: one Spark aggregation of each night's cells/ by path, its drift.csv (the drifted cell
 * ids, joined to their paths), its FAILED file (written by deploy/cron/nightly) and its spec's drift tolerance.
 */
public final class NightlyTrend {
    public static final String DIR = "trend";
    public static final String FAILED = "FAILED";
    private static final List<String> KEYS = List.of(CellSchema.SETTING, CellSchema.VARIANT, CellSchema.DATA,
            CellSchema.OBJECTIVE, CellSchema.T, CellSchema.WIDTH, CellSchema.DEPTH);

    private NightlyTrend() {
    }

    /** What was written: the page, the CSV and the nights they cover. */
    public record Written(Path index, Path csv, List<NightSummary> nights) {
    }

    /**
     * Reads every night under {@code root} and writes the trend page and CSV under {@code root/trend/};
     * {@code progress} hears one line per night read.
     */
    public static Written write(SparkSession spark, String root, Consumer<String> progress) {
        Path rootPath = new Path(root);
        FileSystem fs;
        try {
            fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + root, e);
        }
        NightlyHistory history = new NightlyHistory(fs, rootPath);
        List<LocalDate> dates = history.nights();
        if (dates.isEmpty()) {
            throw new IllegalArgumentException("OUTPUT " + root + " holds no date=YYYY-MM-DD night to show a trend of");
        }
        List<NightSummary> nights = new ArrayList<>();
        long t0 = System.nanoTime();
        for (LocalDate d : dates) {
            nights.add(night(spark, history, d));
            double elapsed = (System.nanoTime() - t0) / 1e9;
            progress.accept(String.format(java.util.Locale.ROOT, "[trend] %d/%d nights read (%s), ETA %.0f s",
                    nights.size(), dates.size(), d, elapsed / nights.size() * (dates.size() - nights.size())));
        }
        Path dir = new Path(rootPath, DIR);
        Path index = new Path(dir, "index.html");
        Path csv = new Path(dir, "trend.csv");
        NightlyHistory.writeAtomically(fs, index, TrendPage.render(root, nights));
        NightlyHistory.writeAtomically(fs, csv, TrendPage.csv(nights));
        return new Written(index, csv, nights);
    }

    static NightSummary night(SparkSession spark, NightlyHistory history, LocalDate date) {
        FileSystem fs = history.fs();
        Path dir = history.night(date);
        Optional<String> failed = readText(fs, new Path(dir, FAILED)).map(NightlyTrend::failedNote);
        Optional<String> drift = readText(fs, new Path(dir, NightlyHistory.DRIFT_CSV));
        Set<String> drifted = drift.map(NightlyTrend::driftedIds).orElse(Set.of());
        double relTol = NightlyStudy.DEFAULT_TOLERANCE.relTol();
        int failOver = NightlyStudy.DEFAULT_TOLERANCE.failOver();
        Optional<JsonNode> tol = readText(fs, new Path(dir, "spec.yaml")).flatMap(NightlyTrend::driftOf);
        if (tol.isPresent()) {
            relTol = tol.get().path("rel_tol").asDouble(relTol);
            failOver = tol.get().path("fail_over").asInt(failOver);
        }
        boolean report = exists(fs, new Path(dir, "report/index.html"));
        TreeMap<String, PathMetrics> paths = new TreeMap<>();
        try {
            if (history.hasCells(dir)) {
                paths.putAll(paths(spark, new Path(dir, "cells").toString(), drifted));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return new NightSummary(date, failed, drift.isPresent() ? drifted.size() : -1, relTol, failOver, report, paths);
    }

    /** One row per path of a night's cells/, aggregated over β and seeds. */
    static TreeMap<String, PathMetrics> paths(SparkSession spark, String cells, Set<String> drifted) {
        Dataset<Row> c = spark.read().parquet(cells);
        Set<String> has = Set.of(c.columns());
        Dataset<Row> ids = spark.createDataset(new ArrayList<>(drifted), Encoders.STRING()).toDF("_drifted_id");
        Dataset<Row> joined = c.join(ids, col(CellSchema.CELL_ID).equalTo(col("_drifted_id")), "left");
        Column[] keys = KEYS.stream().map(k -> has.contains(k) ? col(k) : lit(null).as(k)).toArray(Column[]::new);
        Dataset<Row> agg = joined.groupBy(keys).agg(
                expr("count(*)").as("cells"),
                expr("sum(CASE WHEN " + CellSchema.STATUS + " = 'FAILED' THEN 1 ELSE 0 END)").as("failed"),
                metric(has, CellSchema.PRIMAL, "avg(primal)").as("primal"),
                metric(has, CellSchema.GAP, "max(gap)").as("max_gap"),
                metric(has, CellSchema.LAYER_RANK, "avg(try_element_at(layer_rank, 1))").as("rank1"),
                metric(has, CellSchema.NC1, "avg(nc1)").as("nc1"),
                metric(has, CellSchema.SOLVE_MS, "avg(solve_ms)").as("solve_ms"),
                expr("count(_drifted_id)").as("drifted"));
        TreeMap<String, PathMetrics> out = new TreeMap<>();
        for (Row r : agg.collectAsList()) {
            String id = PathMetrics.id(r.getString(0), r.isNullAt(1) ? null : r.getString(1), r.getString(2),
                    r.getString(3), r.isNullAt(4) ? null : ((Number) r.get(4)).doubleValue(),
                    r.isNullAt(5) ? null : ((Number) r.get(5)).intValue(),
                    r.isNullAt(6) ? null : ((Number) r.get(6)).intValue());
            out.put(id, new PathMetrics(r.getLong(7), r.getLong(8), num(r, 9), num(r, 10), num(r, 11), num(r, 12),
                    num(r, 13), r.getLong(14)));
        }
        return out;
    }

    private static Column metric(Set<String> has, String column, String aggregate) {
        // a night written under an older schema may lack a column: its metric is then unknown, not an error
        return has.contains(column) ? expr("double(" + aggregate + ")") : lit(null).cast("double");
    }

    private static double num(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
    }

    /** The distinct cell ids of drift.csv (its first column, RFC 4180 quoting). */
    static Set<String> driftedIds(String csv) {
        Set<String> ids = new LinkedHashSet<>();
        String[] lines = csv.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            if (l.isBlank()) {
                continue;
            }
            if (l.startsWith("\"")) {
                int end = l.indexOf("\",", 1);
                ids.add(l.substring(1, end < 0 ? l.length() - 1 : end).replace("\"\"", "\""));
            } else {
                int comma = l.indexOf(',');
                ids.add(comma < 0 ? l : l.substring(0, comma));
            }
        }
        return ids;
    }

    /** The FAILED file's reason line, else its first line. */
    static String failedNote(String text) {
        String[] lines = text.split("\n");
        for (String l : lines) {
            if (l.startsWith("reason: ")) {
                return lines[0] + "; " + l.substring("reason: ".length());
            }
        }
        return lines.length == 0 || lines[0].isBlank() ? "marked failed" : lines[0];
    }

    private static Optional<JsonNode> driftOf(String specYaml) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(specYaml);
            return root == null || !root.has("drift") ? Optional.empty() : Optional.of(root.get("drift"));
        } catch (IOException e) {
            return Optional.empty();   // an unreadable spec: the default tolerance, as a spec without drift:
        }
    }

    private static boolean exists(FileSystem fs, Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + p, e);
        }
    }

    private static Optional<String> readText(FileSystem fs, Path p) {
        try {
            if (!fs.exists(p)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(p)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
