package org.deepdual.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code deepdual}. Exit status: 0 success, 1 internal error, 2 bad input
 * (docs/cli.md).
 */
@Command(name = "deepdual", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Convex duality of deep networks (Ergen & Pilanci, ICML 2021) on Apache Spark.")
public final class Main implements Callable<Integer> {
    /** Set (to the application id) by Spark's YARN application master in the JVM of a cluster-mode driver only. */
    private static final String YARN_CLUSTER_DRIVER = "spark.yarn.app.id";

    /** Builds the command line with every subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // subcommands: one line each
        cl.addSubcommand(new DatasetsCommand());
        cl.addSubcommand(new SolveCommand());
        cl.addSubcommand(new TrainCommand());
        cl.addSubcommand(new SweepCommand());
        cl.addSubcommand(new ReduceCommand());
        cl.addSubcommand("report", new ReportCommand());
        cl.addSubcommand(new NightlyCommand());
        cl.addSubcommand(new TrendCommand());
        cl.addSubcommand(new BenchCommand());
        cl.setExecutionExceptionHandler(new ExitCodes.ExceptionHandler());
        cl.setParameterExceptionHandler(new ExitCodes.ParameterHandler());
        return cl;
    }

    public static void main(String[] args) {
        int status = commandLine().execute(args);
        if (status == 0 && System.getProperty(YARN_CLUSTER_DRIVER) != null) {
            // a YARN cluster-mode driver runs inside the application master, which takes any System.exit,
            // 0 included, for an early death and reports the application FAILED: success returns instead
            return;
        }
        System.exit(status);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return ExitCodes.BAD_INPUT;
    }
}
