package org.deepdual.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deepdual.report.Report;
import org.deepdual.report.ReportWriter;
import org.deepdual.sweep.SweepSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepdual report OUTPUT [--out DIR]}: the HTML report of a finished sweep (docs/cli.md). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes OUTPUT/report/index.html and its PNG figures from a sweep's cells/, datasets/ and "
                + "trajectories/.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUTPUT", description = "a sweep's output directory")
    Path output;

    @Option(names = "--out", paramLabel = "DIR", description = "report directory (default OUTPUT/report)")
    Path out;

    @Option(names = "--master", paramLabel = "M", defaultValue = "local[*]",
            description = "Spark master (default ${DEFAULT-VALUE})")
    String master;

    @Override
    public Integer call() {
        if (!Files.isDirectory(output)) {
            throw new IllegalArgumentException("OUTPUT " + output + " is not a directory");
        }
        Path dir = out != null ? out : output.resolve("report");
        // a session that already runs (the sweep, the tests) is reused and left running
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SweepSession.create(master, "deepdual report", java.util.Map.of());
        try {
            Report r = ReportWriter.write(spark, output, dir);
            System.err.println("deepdual report: " + r.counts() + "; " + r.figures().size() + " figures, "
                    + r.violations() + " invariant violations" + (r.notChecked().isEmpty() ? ""
                            : "; not checked: " + String.join("; ", r.notChecked().keySet())));
            System.out.println(r.index().toAbsolutePath());
            return ExitCodes.OK;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }
}
