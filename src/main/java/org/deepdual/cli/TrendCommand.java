package org.deepdual.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deepdual.report.trend.NightlyTrend;
import org.deepdual.sweep.SweepSession;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deepdual trend OUTPUT}: rebuilds a nightly study's {@code OUTPUT/trend/} (index.html, trend.csv) from
 * its {@code date=} nights, as {@code deepdual nightly} does after every night (docs/cli.md).
 */
@Command(name = "trend", mixinStandardHelpOptions = true,
        description = "Rebuild OUTPUT/trend/index.html and trend.csv from a nightly study's date=YYYY-MM-DD/ nights.")
public final class TrendCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUTPUT", description = "the nightly study's output root (a path or Hadoop URI)")
    String output;

    @Option(names = "--master", paramLabel = "M", defaultValue = "local[*]",
            description = "Spark master (default ${DEFAULT-VALUE})")
    String master;

    @Override
    public Integer call() {
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SweepSession.create(master, "deepdual trend", java.util.Map.of());
        try {
            NightlyTrend.Written w = rebuild(spark, output);
            System.out.println(w.index());
            return ExitCodes.OK;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    /** Rebuilds the trend of the nights under {@code root}, printing its progress on stderr. */
    static NightlyTrend.Written rebuild(SparkSession spark, String root) {
        return NightlyTrend.write(spark, root, line -> System.err.println(line));
    }

    /** After a night that threw: the trend still shows the nights so far; a failure here must not hide {@code cause}. */
    static void rebuildQuietly(SparkSession spark, String root, RuntimeException cause) {
        try {
            rebuild(spark, root);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LoggerFactory.getLogger(TrendCommand.class).warn("trend of {} not rebuilt: {}", root, e.toString());
        }
    }
}
