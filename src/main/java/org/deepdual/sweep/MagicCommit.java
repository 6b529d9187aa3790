package org.deepdual.sweep;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit path for S3 ({@code s3a://}), where a rename is a copy and a delete: every write goes straight
 * to its place ({@code cells/setting=S/}, {@code trajectories/}, {@code datasets/}) in append mode through
 * Hadoop's S3A magic committer. A task streams its file as a multipart upload that stays invisible, under
 * {@code __magic_job-<id>/}, until the job commits and completes it: a file of a failed, killed or losing
 * speculative attempt never appears, and each committed file appears whole. Spark names the files after the
 * write job's UUID, so no write replaces another's.
 *
 * <p>Each task's file holds whole β paths, so a driver dying in the middle of a job commit leaves whole paths
 * visible, and the rerun solves only the paths without cells. Trajectories are written before the cells of
 * the same rows, one file per task each, and a rerun deletes trajectory files whose cells are absent: every
 * cell and trajectory point appears exactly once. {@link #recover} also removes {@code __magic*} directories
 * of dead jobs (their multipart uploads are left to the bucket's lifecycle rule, docs/operations.md).
 */
final class MagicCommit implements BatchCommit {
    private static final Logger LOG = LoggerFactory.getLogger(MagicCommit.class);
    private static final String MAGIC = "__magic";

    /**
     * Per write (Spark copies a write's options into its Hadoop configuration). Pending uploads are not
     * aborted at job cleanup: two batches may write into one setting's directory at once, and S3A's cleanup
     * would abort every pending upload under it.
     */
    static final Map<String, String> WRITE_OPTIONS = Map.of(
            "mapreduce.outputcommitter.factory.scheme.s3a", "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory",
            "fs.s3a.committer.name", "magic",
            "fs.s3a.committer.magic.enabled", "true",
            "fs.s3a.committer.abort.pending.uploads", "false",
            "spark.sql.parquet.output.committer.class", BindingParquetCommitter.class.getName());

    private final SparkSession spark;
    private final SweepOutput output;
    private final StagedBatches staged;

    MagicCommit(SparkSession spark, SweepOutput output) {
        this.spark = spark;
        this.output = output;
        this.staged = new StagedBatches(output);
    }

    @Override
    public int recover() {
        // staging left by a run that used the rename path into the same output
        int published = staged.recover();
        removeMagicDirs(output.cells());
        removeMagicDirs(output.trajectories());
        removeMagicDirs(output.datasets());
        removeOrphanTrajectories();
        return published;
    }

    @Override
    public boolean trajectoriesFirst() {
        return true;
    }

    @Override
    public void write(Dataset<Row> rows, Part part, String runId, int batch, String setting) {
        Path target = part == Part.CELLS
                ? new Path(output.cells(), CellSchema.SETTING + "=" + ExternalCatalogUtils.escapePathName(setting))
                : output.trajectories();
        rows.write().mode(SaveMode.Append).options(WRITE_OPTIONS).parquet(target.toString());
    }

    @Override
    public void publish(String runId, int batch, OutputLock lock) {
        // nothing to move: each write's job commit published its files
        lock.verify();
    }

    @Override
    public void writeDatasets(Dataset<Row> rows, String runId) {
        rows.coalesce(1).write().mode(SaveMode.Append).options(WRITE_OPTIONS).parquet(output.datasets().toString());
    }

    @Override
    public void finish(String runId) {
        staged.finish(runId);
    }

    @Override
    public String name() {
        return "magic";
    }

    /** Removes the {@code __magic*} directories under {@code dir} and its partition directories. */
    private void removeMagicDirs(Path dir) {
        try {
            if (!output.fs().exists(dir)) {
                return;
            }
            for (FileStatus f : output.fs().listStatus(dir)) {
                String name = f.getPath().getName();
                if (!f.isDirectory()) {
                    continue;
                }
                if (name.startsWith(MAGIC)) {
                    LOG.info("removing {} left by an interrupted write", f.getPath());
                    output.fs().delete(f.getPath(), true);
                } else if (name.startsWith(CellSchema.SETTING + "=")) {
                    removeMagicDirs(f.getPath());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir, e);
        }
    }

    /**
     * Deletes trajectory files holding a cell that cells/ lacks: written by a batch whose cells job did not
     * commit (their paths are solved again), so keeping them would show those points twice.
     */
    private void removeOrphanTrajectories() {
        if (!CellsTable.hasParquet(output, output.trajectories())) {
            return;
        }
        Dataset<Row> points = spark.read().parquet(output.trajectories().toString())
                .select(col(CellSchema.CELL_ID), col("_metadata.file_path").as("file"));
        Dataset<Row> orphans = CellsTable.hasParquet(output, output.cells())
                ? points.join(spark.read().parquet(output.cells().toString()).select(CellSchema.CELL_ID),
                        new String[] {CellSchema.CELL_ID}, "left_anti")
                : points;
        List<Row> files = orphans.select("file").distinct().collectAsList();
        for (Row r : files) {
            Path p = path(r.getString(0));
            LOG.info("removing {}: trajectories of cells an interrupted run did not commit", p);
            try {
                output.fs().delete(p, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + p, e);
            }
        }
    }

    private static Path path(String filePath) {
        try {
            return new Path(new URI(filePath));
        } catch (URISyntaxException e) {
            return new Path(filePath);
        }
    }
}
