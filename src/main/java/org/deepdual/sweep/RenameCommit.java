package org.deepdual.sweep;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** Today's commit path on file systems with atomic renames: staging, a marker, renames ({@link StagedBatches}). */
final class RenameCommit implements BatchCommit {
    private final StagedBatches staged;

    RenameCommit(StagedBatches staged) {
        this.staged = staged;
    }

    @Override
    public int recover() {
        return staged.recover();
    }

    @Override
    public boolean trajectoriesFirst() {
        return false;
    }

    @Override
    public void write(Dataset<Row> rows, Part part, String runId, int batch, String setting) {
        Path dir = staged.batch(runId, batch);
        Path target = part == Part.CELLS ? StagedBatches.cellsPart(dir, setting)
                : StagedBatches.trajectoriesPart(dir, setting);
        rows.write().mode(SaveMode.ErrorIfExists).parquet(target.toString());
    }

    @Override
    public void publish(String runId, int batch, OutputLock lock) {
        Path dir = staged.batch(runId, batch);
        staged.markCommitted(dir);
        lock.verify();
        staged.publish(dir, String.format("%s-b%05d", runId, batch));
    }

    @Override
    public void writeDatasets(Dataset<Row> rows, String runId) {
        Path dir = staged.datasets(runId);
        rows.coalesce(1).write().parquet(dir.toString());
        staged.publishTo(dir, staged.output().datasets(), runId);
    }

    @Override
    public void finish(String runId) {
        staged.finish(runId);
    }

    @Override
    public String name() {
        return "rename";
    }
}
