package org.deepdual.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.SummaryTable;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SweepReducer;
import org.deepdual.sweep.SweepSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deepdual reduce OUTPUT}: recomputes summary/by_beta, summary/by_path and summary.csv from cells/. */
@Command(name = "reduce", mixinStandardHelpOptions = true,
        description = "Aggregate OUTPUT/cells/ into OUTPUT/summary/ and OUTPUT/summary.csv.")
public final class ReduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "OUTPUT", description = "a sweep's output directory or Hadoop URI")
    String output;

    @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE})")
    String master;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        SweepOutput o = SweepOutput.resolve(output, SweepSession.hadoopConfiguration(java.util.Map.of()), "OUTPUT");
        SparkSession session = SweepSession.create(master, "deepdual reduce", java.util.Map.of());
        try {
            SweepReducer.Summary s = SweepReducer.reduce(session, o);
            out.println("summary: " + o + " (summary/by_beta/, summary/by_path/, summary.csv)");
            SummaryTable.print(session, o, out);
            return s == null ? ExitCodes.INTERNAL : ExitCodes.OK;
        } finally {
            session.stop();
        }
    }
}
