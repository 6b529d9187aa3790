package org.deepdual.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deepdual.report.ReportWriter;
import org.deepdual.sweep.DriftReport;
import org.deepdual.sweep.NightlyHistory;
import org.deepdual.sweep.NightlyStudy;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SweepSession;
import org.deepdual.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deepdual nightly SPEC [--date YYYY-MM-DD]}: one night of a nightly study ({@link NightlyStudy}).
 * Exit status 1 when more cells drifted than the spec's {@code drift.fail_over}, so a scheduler marks
 * the night red; 0 otherwise; 2 for bad input.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true,
        description = "Run tonight's sweep into OUTPUT/date=YYYY-MM-DD/, report drift against the previous night,"
                + " write the night's report and rebuild OUTPUT/trend/.")
public final class NightlyCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML, see jobs/nightly.yaml)")
    Path spec;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the night (default: today, UTC)")
    String date;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--force", description = "accept a grid larger than max_cells")
    boolean force;

    @Option(names = "--no-report", description = "skip the night's report (OUTPUT/date=D/report/); the trend page"
            + " then links to the night's directory")
    boolean noReport;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        LocalDate night = night(date);
        SweepSpec s = SpecReader.read(spec);
        String m = master != null ? master : SweepSession.submittedMaster();
        // every night logs into the nightly root's _events/, so one History Server shows them all
        SweepOutput root = SweepOutput.resolve(s.output(), SweepSession.hadoopConfiguration(s.spark()), s.source() + ": output");
        StopSignals.install(org.deepdual.sweep.StopRequest.PROCESS, System.err);
        SparkSession session = SweepSession.create(m, "deepdual nightly " + s.name() + " " + night, s.spark(), root);
        try {
            NightlyStudy.Night n;
            try {
                n = new NightlyStudy(session, s, SweepOptions.defaults().withForce(force)).run(night);
            } catch (RuntimeException e) {
                TrendCommand.rebuildQuietly(session, root.toString(), e);
                throw e;
            }
            out.printf(Locale.ROOT, "nightly %s %s: %d cells computed (%d failed), %d already present; results in %s%n",
                    s.name(), night, n.sweep().computed(), n.sweep().failed(), n.sweep().alreadyDone(),
                    n.sweep().output());
            out.println(n.drift().map(DriftReport::summary)
                    .orElse("drift: no earlier night to compare with (first night)"));
            out.println("drift report: " + n.sweep().output() + "/" + NightlyHistory.DRIFT_CSV);
            if (!noReport) {
                ReportWriter.forSweepOutput(session, n.sweep().output().toString())
                        .ifPresent(r -> out.println("report: " + r.index()));
            }
            out.println("trend: " + TrendCommand.rebuild(session, root.toString()).index());
            if (n.red()) {   // exit 1, so cron, the CronJob or the operator marks the night red
                out.printf(Locale.ROOT, "nightly %s %s is red: %d drifted cells > drift.fail_over %d%n", s.name(), night,
                        n.drift().orElseThrow().driftedCells(), n.tolerance().failOver());
                return ExitCodes.INTERNAL;
            }
            return ExitCodes.OK;
        } finally {
            session.stop();
        }
    }

    static LocalDate night(String date) {
        if (date == null) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--date must be YYYY-MM-DD, got '" + date + "'", e);
        }
    }
}
