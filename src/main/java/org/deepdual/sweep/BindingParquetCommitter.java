package org.deepdual.sweep;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.BindingPathOutputCommitter;
import org.apache.parquet.hadoop.ParquetOutputCommitter;

/**
 * The Parquet committer Spark instantiates for a write ({@code spark.sql.parquet.output.committer.class}),
 * handing every step to the committer Hadoop's {@code PathOutputCommitterFactory} picks for the output's
 * scheme: for {@code s3a://} with {@code mapreduce.outputcommitter.factory.scheme.s3a} set, S3A's magic
 * committer. Spark only asks a {@link org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter} where a
 * task writes, hence the Parquet subclass around a non-file committer. It stands in for
 * {@code spark-hadoop-cloud}'s {@code BindingParquetOutputCommitter}, which Maven Central does not carry
 * for Spark 4.2.0 (docs/operations.md).
 */
public final class BindingParquetCommitter extends ParquetOutputCommitter {
    private final BindingPathOutputCommitter bound;

    public BindingParquetCommitter(Path output, TaskAttemptContext context) throws IOException {
        super(output, context);
        this.bound = new BindingPathOutputCommitter(output, context);
    }

    /** The committer doing the work (tests check that it is S3A's magic committer). */
    public org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter bound() {
        return bound.getCommitter();
    }

    @Override
    public Path getWorkPath() throws IOException {
        return bound.getWorkPath();
    }

    @Override
    public void setupJob(JobContext context) throws IOException {
        bound.setupJob(context);
    }

    @Override
    public void setupTask(TaskAttemptContext context) throws IOException {
        bound.setupTask(context);
    }

    @Override
    public boolean needsTaskCommit(TaskAttemptContext context) throws IOException {
        return bound.needsTaskCommit(context);
    }

    @Override
    public void commitTask(TaskAttemptContext context) throws IOException {
        bound.commitTask(context);
    }

    @Override
    public void abortTask(TaskAttemptContext context) throws IOException {
        bound.abortTask(context);
    }

    @Override
    public void commitJob(JobContext context) throws IOException {
        bound.commitJob(context);
    }

    @Override
    public void abortJob(JobContext context, JobStatus.State state) throws IOException {
        bound.abortJob(context, state);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void cleanupJob(JobContext context) throws IOException {
        bound.cleanupJob(context);
    }

    @Override
    public boolean isCommitJobRepeatable(JobContext context) throws IOException {
        return bound.isCommitJobRepeatable(context);
    }

    @Override
    public boolean isRecoverySupported(JobContext context) throws IOException {
        return bound.isRecoverySupported(context);
    }

    @Override
    @SuppressWarnings("deprecation")
    public boolean isRecoverySupported() {
        return bound.isRecoverySupported();
    }

    @Override
    public void recoverTask(TaskAttemptContext context) throws IOException {
        bound.recoverTask(context);
    }

    @Override
    public String toString() {
        return "BindingParquetCommitter{" + bound + "}";
    }
}
