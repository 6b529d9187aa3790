package org.deepdual.sweep;

import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How a batch's rows reach {@code cells/} and {@code trajectories/} exactly once: through staging and atomic
 * renames ({@link RenameCommit}: local disk, HDFS) or, where a rename is a copy and a delete (S3 through
 * {@code s3a://}), through S3A's magic committer, which makes each file visible whole at job commit
 * ({@link MagicCommit}). Chosen by {@code spark.deepdual.commit}: {@code auto} (the default: magic for
 * {@code s3a://}, rename elsewhere), {@code rename} or {@code magic}.
 */
interface BatchCommit {
    String KEY = "spark.deepdual.commit";

    /** Which rows a write holds. */
    enum Part { CELLS, TRAJECTORIES }

    /**
     * Finishes or removes what an interrupted run left, so that "done cells = cell ids present in cells/"
     * holds before the run decides what is missing.
     *
     * @return number of batches of interrupted runs published
     */
    int recover();

    /** Whether the trajectories of a setting are written before its cells (see {@link MagicCommit}). */
    boolean trajectoriesFirst();

    /** Writes one setting's rows of one batch (one Spark job, a file per task). */
    void write(Dataset<Row> rows, Part part, String runId, int batch, String setting);

    /** Makes a batch's writes visible (once all of them have committed); {@code lock} is checked first. */
    void publish(String runId, int batch, OutputLock lock);

    /** Writes the data sets' rows of a run into {@code datasets/}. */
    void writeDatasets(Dataset<Row> rows, String runId);

    /** Removes what the run left outside the output's data. */
    void finish(String runId);

    /** The mechanism, as the logs and docs name it: {@code rename} or {@code magic}. */
    String name();

    /**
     * The commit path of {@code output}, from {@code spark.deepdual.commit}.
     *
     * @throws IllegalArgumentException for an unknown value, or {@code magic} on a store other than s3a://
     */
    static BatchCommit of(SparkSession spark, SweepOutput output) {
        return "magic".equals(choice(spark.sparkContext().getConf(), output)) ? new MagicCommit(spark, output)
                : new RenameCommit(new StagedBatches(output));
    }

    /** {@code rename} or {@code magic}, checked before any Spark job. */
    static String choice(SparkConf conf, SweepOutput output) {
        String v = conf.get(KEY, "auto").trim().toLowerCase(Locale.ROOT);
        String scheme = output.root().toUri().getScheme();
        boolean s3a = "s3a".equals(scheme);
        switch (v) {
            case "auto":
                return s3a ? "magic" : "rename";
            case "rename":
                return v;
            case "magic":
                if (!s3a) {
                    throw new IllegalArgumentException(KEY + "=magic needs an s3a:// output (S3A's magic committer),"
                            + " got " + output);
                }
                return v;
            default:
                throw new IllegalArgumentException(KEY + " must be auto, rename or magic, got '"
                        + conf.get(KEY) + "'");
        }
    }
}
