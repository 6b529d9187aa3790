package org.deepdual.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.deepdual.report.ReportWriter;
import org.deepdual.sweep.PathSolver;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SweepPlan;
import org.deepdual.sweep.SweepReducer;
import org.deepdual.sweep.SweepRun;
import org.deepdual.sweep.SweepSession;
import org.deepdual.sweep.SweepSpec;
import org.deepdual.sweep.WorkEstimate;

/**
 * {@code deepdual sweep --dry-run}: the spec and data checked, the cells the output still misses, and the
 * time of a run from measurements on this machine: the JVM and Spark start-up as this dry run took them, the
 * missing cells from warmed-up timings ({@link WorkEstimate}), and reduce and report from a real mini sweep of
 * one short path per setting and data set in a temporary directory (reduce and report timed on their second run; the
 * report's time per panel depth (a panel's figures grow with its depths) scaled to the study's).
 */
final class DryRun {
    /** β points per path and seeds of the mini sweep. */
    private static final int MINI_BETAS = 3;

    private DryRun() {
    }

    static void run(SweepPlan plan, SweepSpec spec, String master, PrintWriter out) {
        long jvmMs = ManagementFactory.getRuntimeMXBean().getUptime();
        long t0 = System.nanoTime();
        String local = master.startsWith("local") ? master : "local[*]";
        // a session that already runs (tests) is reused and left running
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SweepSession.create(local, "deepdual sweep --dry-run " + spec.name(), spec.spark());
        try {
            spark.range(1).count();   // the first job: part of every run's start-up
            double startupMs = jvmMs + ms(t0);
            OptionalInt cores = SweepSession.localCoresOf(master);
            double cellsMs = WorkEstimate.print(plan, PathSolver.SOLVERS, cores,
                    WorkEstimate.missingIn(spark, plan), out);
            out.println("timing reduce and report on a mini sweep (one short path per setting and data set) ...");
            out.flush();
            Mini mini = mini(spark, spec);
            long panels = WorkEstimate.panelDepths(plan.grid());   // the report's work grows with them
            double reportMs = mini.reportMs / Math.max(1, mini.panels) * panels;
            out.printf(Locale.ROOT, "start-up (JVM and Spark, as measured now): %s%n", seconds(startupMs));
            out.printf(Locale.ROOT, "cells: %s%n", seconds(cellsMs));
            out.printf(Locale.ROOT, "reduce: %s (the mini sweep's, warm: mostly fixed cost)%n",
                    seconds(mini.reduceMs));
            out.printf(Locale.ROOT, "report: %s (%,d panel depths at %.1f s each, as the mini sweep's %d)%n",
                    seconds(reportMs), panels, mini.reportMs / 1000 / Math.max(1, mini.panels), mini.panels);
            out.printf(Locale.ROOT, "estimated run: about %s (plus a build when sources changed)%n",
                    seconds(startupMs + cellsMs + mini.reduceMs + reportMs));
            out.flush();
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    private record Mini(double reduceMs, double reportMs, long panels) {
    }

    private static Mini mini(SparkSession spark, SweepSpec spec) {
        Path dir;
        try {
            dir = Files.createTempDirectory("deepdual-dry-run-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the dry run", e);
        }
        try {
            SweepSpec mini = SpecReader.parse(miniSpec(spec.text(), dir.resolve("out").toString()),
                    spec.source() + " (dry-run mini sweep)");
            SweepOptions quiet = SweepOptions.defaults().withForce(true)
                    .withProgress(new PrintStream(new ByteArrayOutputStream()), 3_600_000);
            new SweepRun(spark, mini, quiet).run();
            SweepOutput o = SweepOutput.resolve(dir.resolve("out").toString(),
                    spark.sparkContext().hadoopConfiguration(), "dry run");
            PrintStream err = System.err;
            System.setErr(new PrintStream(new ByteArrayOutputStream()));   // the mini runs' progress is not the user's
            try {
                SweepReducer.reduce(spark, o);   // warm-up
                long r = System.nanoTime();
                SweepReducer.reduce(spark, o);
                double reduceMs = ms(r);
                // warm-up: the first report pays for loading the chart library and its fonts, once per run
                ReportWriter.write(spark, dir.resolve("out"), dir.resolve("report"));
                long p = System.nanoTime();
                ReportWriter.write(spark, dir.resolve("out"), dir.resolve("report"));
                return new Mini(reduceMs, ms(p), WorkEstimate.panelDepths(SweepPlan.of(mini, quiet,
                        spark.sparkContext().hadoopConfiguration()).grid()));
            } finally {
                System.setErr(err);
            }
        } finally {
            delete(dir);
        }
    }

    /**
     * The spec cut to one short path per setting and data set: the first of every list a setting or the spec
     * gives (data, depth, objective, variant, t, seeds), {@value #MINI_BETAS} β points, into {@code output}.
     */
    static String miniSpec(String text, String output) {
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            ObjectNode root = (ObjectNode) yaml.readTree(text);
            root.put("output", output);
            firstOnly(root, "t", "seeds", "depth", "objective", "variant", "width");
            shortBeta(root);
            JsonNode settings = root.get("settings");
            if (settings != null) {
                for (JsonNode s : settings) {
                    firstOnly((ObjectNode) s, "t", "seeds", "depth", "objective", "variant", "width");
                    shortBeta((ObjectNode) s);
                }
            }
            root.remove("max_cells");
            return yaml.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cut the spec down for the dry run", e);
        }
    }

    private static void firstOnly(ObjectNode node, String... fields) {
        for (String f : fields) {
            JsonNode v = node.get(f);
            if (v instanceof ArrayNode a && a.size() > 1) {
                ArrayNode one = a.arrayNode();
                one.add(a.get(0));
                node.set(f, one);
            }
        }
    }

    private static void shortBeta(ObjectNode node) {
        JsonNode b = node.get("beta");
        if (b instanceof ObjectNode o && o.has("count")) {
            o.put("count", Math.min(MINI_BETAS, o.get("count").asInt()));
        } else if (b instanceof ArrayNode a && a.size() > MINI_BETAS) {
            ArrayNode few = a.arrayNode();
            for (int i = 0; i < MINI_BETAS; i++) {
                few.add(a.get(i * (a.size() - 1) / (MINI_BETAS - 1)));
            }
            node.set("beta", few);
        }
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static String seconds(double ms) {
        return String.format(Locale.ROOT, "%.0f s", ms / 1000);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
