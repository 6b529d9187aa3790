package org.deepdual.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deepdual.data.DatasetSpec;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.StopRequest;
import org.deepdual.sweep.SummaryTable;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepPlan;
import org.deepdual.sweep.SweepReducer;
import org.deepdual.sweep.SweepResult;
import org.deepdual.sweep.SweepRun;
import org.deepdual.sweep.SweepSession;
import org.deepdual.sweep.SweepSpec;
import org.deepdual.sweep.SweepStopped;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deepdual sweep SPEC}: runs a study (docs/spec.md, docs/output.md and docs/cli.md) on Spark, fills what is
 * missing in its output, reduces it, and prints where the results are with a short summary.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a sweep spec on Spark: solve every missing cell exactly once, then summarise.")
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML, see jobs/)")
    Path spec;

    @Option(names = "--master", description = "Spark master (default: spark-submit's spark.master, else local[*])")
    String master;

    @Option(names = "--dry-run", description = "validate the spec and the data sets, print the missing cells and the estimated time of"
            + " start-up, cells, reduce and report")
    boolean dryRun;

    @Option(names = "--recompute", description = "compute every cell afresh into a new output OUTPUT-<run_id>")
    boolean recompute;

    @Option(names = "--force", description = "accept a grid larger than max_cells")
    boolean force;

    @Option(names = "--no-report", description = "skip writing OUTPUT/report/index.html at the end")
    boolean noReport;

    @Option(names = "--no-reduce", description = "only compute the cells: no summary/, summary.csv or report"
            + " (run `deepdual reduce OUTPUT` later, e.g. once after several partial runs)")
    boolean noReduce;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        String master = this.master != null ? this.master : SweepSession.submittedMaster();
        SweepSpec s = SpecReader.read(spec);
        SweepOptions options = SweepOptions.defaults().withRecompute(recompute).withForce(force || dryRun);
        // tables (parquet, orc, libsvm) are read through Spark: the session comes first, the plan still
        // checks every data set before the sweep's first job
        boolean tables = s.data().stream().anyMatch(d -> DatasetSpec.TABLES.contains(d.generator()));
        SparkSession early = tables ? SweepSession.create(master, "deepdual sweep " + s.name(), s.spark(),
                recompute || dryRun ? null : SweepOutput.resolve(s.output().replaceAll("/+$", ""),
                        SweepSession.hadoopConfiguration(s.spark()), s.source() + ": output")) : null;
        SweepPlan plan;
        try {
            plan = SweepPlan.of(s, options, early == null ? SweepSession.hadoopConfiguration(s.spark())
                    : early.sparkContext().hadoopConfiguration());
        } catch (RuntimeException e) {
            if (early != null) {
                early.stop();
            }
            throw e;
        }
        if (dryRun) {
            DryRun.run(plan, s, master, out);   // reuses the early session and leaves it running
            if (early != null) {
                early.stop();
            }
            return ExitCodes.OK;
        }
        StopSignals.install(StopRequest.PROCESS, System.err);
        SparkSession session = early != null ? early
                : SweepSession.create(master, "deepdual sweep " + s.name(), s.spark(), plan.output());
        try {
            SweepResult r = new SweepRun(session, plan, options).run();
            stopIfRequested(r);
            if (noReduce) {
                printCounts(out, s, r);
                out.printf(Locale.ROOT, "results: %s%n  cells/ (one row per cell), datasets/, spec.yaml; not reduced:"
                        + " deepdual reduce %s%n", r.output(), r.output());
                return ExitCodes.OK;
            }
            try (BackgroundReport report = noReport ? null : BackgroundReport.start(session, r.output().toString())) {
                SweepReducer.reduce(session, plan.output());
                stopIfRequested(r);
                printCounts(out, s, r);
                out.printf(Locale.ROOT, "results: %s%n  cells/ (one row per cell), summary/by_beta/, summary/by_path/,"
                        + " summary.csv, datasets/, spec.yaml%n", r.output());
                SummaryTable.print(session, plan.output(), out);
                if (report != null) {
                    report.await().ifPresent(rep -> out.printf(Locale.ROOT, "report: %s%n", rep.index()));
                }
            }
        } finally {
            session.stop();
        }
        return ExitCodes.OK;
    }

    /** A stop that came after the cells were done skips what is left (reduce, report): every cell is saved. */
    static void stopIfRequested(SweepResult r) {
        if (StopRequest.PROCESS.requested()) {
            throw new SweepStopped(r.totalCells(), r.totalCells(), StopRequest.PROCESS.exitCode());
        }
    }

    private static void printCounts(PrintWriter out, SweepSpec s, SweepResult r) {
        out.printf(Locale.ROOT, "sweep %s: %d cells computed (%d failed), %d already present, %d in the grid;"
                + " %.1f s, %.1f cells/s%n", s.name(), r.computed(), r.failed(), r.alreadyDone(), r.totalCells(),
                r.wallMillis() / 1000.0, r.cellsPerSecond());
    }
}
