package org.deepdual.bench.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.deepdual.report.ReportWriter;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SweepReducer;
import org.deepdual.sweep.SweepResult;
import org.deepdual.sweep.SweepRun;
import org.deepdual.sweep.SweepSession;
import org.deepdual.sweep.SweepSpec;

/**
 * The child program of {@link QuickstartScaling}: what {@code deepdual sweep SPEC --master M} does end to end
 * (session, cells, reduce, report) in a fresh JVM, with the time of each phase written as JSON. Unlike
 * {@link ScalingRun} nothing is warmed up first: a user's run pays the JVM's and Spark's start-up and the cold
 * code, so the measurement does too. Arguments: {@code SPEC MASTER RESULT_JSON}.
 */
public final class EndToEndRun {
    private EndToEndRun() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: EndToEndRun SPEC MASTER RESULT_JSON");
            System.exit(2);
        }
        // the JVM's own start-up, up to main: class loading of the launcher, before any of ours
        double jvmSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        long t0 = System.nanoTime();
        SweepSpec spec = SpecReader.read(Path.of(args[0]));
        SparkSession session = SweepSession.create(args[1], "deepdual bench " + spec.name(), spec.spark());
        long t1 = System.nanoTime();
        ObjectNode o = new ObjectMapper().createObjectNode();
        try {
            SweepOptions quiet = SweepOptions.defaults().withProgress(new PrintStream(new ByteArrayOutputStream()),
                    3_600_000);
            long cpu0 = ScalingRun.processCpuNanos();
            SweepResult r = new SweepRun(session, spec, quiet).run();
            long t2 = System.nanoTime();
            SweepOutput out = SweepOutput.resolve(r.output(), session.sparkContext().hadoopConfiguration(), "output");
            SweepReducer.reduce(session, out);
            long t3 = System.nanoTime();
            ReportWriter.forSweepOutput(session, r.output());
            long t4 = System.nanoTime();
            long cpu = ScalingRun.processCpuNanos() - cpu0;
            o.put("master", args[1]);
            o.put("jvm_s", jvmSeconds);
            o.put("session_s", (t1 - t0) / 1e9);
            o.put("cells_s", (t2 - t1) / 1e9);
            o.put("reduce_s", (t3 - t2) / 1e9);
            o.put("report_s", (t4 - t3) / 1e9);
            o.put("total_cells", r.totalCells());
            o.put("computed", r.computed());
            o.put("failed", r.failed());
            o.put("batches", r.batches());
            o.put("executor_run_ms", r.executorRunMillis());
            o.put("path_ms", r.pathMillis());
            o.put("cell_work_ms", r.solveMillis() + r.statsMillis() + r.prepareMillis());
            o.put("process_cpu_ms", cpu < 0 ? -1 : cpu / 1e6);
        } finally {
            long t5 = System.nanoTime();
            session.stop();
            o.put("stop_s", (System.nanoTime() - t5) / 1e9);
        }
        o.put("main_s", (System.nanoTime() - t0) / 1e9);
        Files.writeString(Path.of(args[2]), o.toString());
        System.out.println(o);
    }
}
