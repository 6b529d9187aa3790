package org.deepdual.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;

/**
 * Exactly-once publication of results. Each batch is written by Spark's commit protocol into
 * {@code OUTPUT/_staging/<run_id>/<batch>/}; when every write of the batch has committed, a
 * {@code _COMMITTED} marker is created, and only then are its part files renamed, one atomic rename
 * each, to unique names under {@code cells/} (and {@code trajectories/}). A reader therefore sees a
 * part file whole or not at all. A run first finishes publishing every committed batch left by an
 * interrupted run and deletes staging without the marker, so that "done cells = cell ids present in
 * cells/" holds before it decides what is missing.
 */
final class StagedBatches {
    static final String COMMITTED = "_COMMITTED";
    private static final String TRAJECTORIES = "trajectories";
    private static final Logger LOG = LoggerFactory.getLogger(StagedBatches.class);

    private final SweepOutput output;

    StagedBatches(SweepOutput output) {
        this.output = output;
    }

    Path batch(String runId, int batch) {
        return new Path(new Path(output.staging(), runId), String.format("batch-%05d", batch));
    }

    /** Where a run's rows of {@code datasets/} are written before they are published. */
    Path datasets(String runId) {
        return new Path(new Path(output.staging(), runId), "datasets");
    }

    SweepOutput output() {
        return output;
    }

    static Path cellsPart(Path batch) {
        return new Path(batch, "cells");
    }

    /** The staged partition directory {@code cells/setting=S/} of one setting's rows in a batch. */
    static Path cellsPart(Path batch, String setting) {
        return new Path(cellsPart(batch), CellSchema.SETTING + "=" + ExternalCatalogUtils.escapePathName(setting));
    }

    /**
     * The staged trajectories of one setting's rows in a batch ({@code trajectories-S/}), published
     * flat into {@code trajectories/} (as is the {@code trajectories/} of staging left by earlier versions).
     */
    static Path trajectoriesPart(Path batch, String setting) {
        return new Path(batch, TRAJECTORIES + "-" + ExternalCatalogUtils.escapePathName(setting));
    }

    /** Marks a batch whose writes have all committed as ready to publish. */
    void markCommitted(Path batch) {
        try {
            output.fs().create(new Path(batch, COMMITTED), false).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark " + batch + " committed", e);
        }
    }

    /**
     * Renames the batch's part files into place and removes the batch directory. Idempotent: files
     * already moved are no longer in staging.
     *
     * @return number of cell part files published
     */
    int publish(Path batch, String prefix) {
        int moved = moveAll(cellsPart(batch), output.cells(), prefix);
        try {
            if (output.fs().exists(batch)) {
                for (FileStatus f : output.fs().listStatus(batch)) {
                    String name = f.getPath().getName();
                    if (f.isDirectory() && (name.equals(TRAJECTORIES) || name.startsWith(TRAJECTORIES + "-"))) {
                        moveAll(f.getPath(), output.trajectories(), prefix);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + batch, e);
        }
        delete(batch);
        return moved;
    }

    /** Removes the staging of a finished run (and staging itself when nothing else is in it). */
    void finish(String runId) {
        delete(new Path(output.staging(), runId));
        try {
            if (output.fs().exists(output.staging()) && output.fs().listStatus(output.staging()).length == 0) {
                delete(output.staging());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + output.staging(), e);
        }
    }

    /** Publishes the part files of one write (e.g. the datasets/ rows) into {@code to}, then removes it. */
    void publishTo(Path from, Path to, String prefix) {
        moveAll(from, to, prefix);
        delete(from);
    }

    /**
     * Finishes what interrupted runs left: publishes committed batches, deletes the rest.
     *
     * @return number of batches published
     */
    int recover() {
        int published = 0;
        try {
            if (!output.fs().exists(output.staging())) {
                return 0;
            }
            for (FileStatus run : output.fs().listStatus(output.staging())) {
                for (FileStatus b : output.fs().listStatus(run.getPath())) {
                    Path batch = b.getPath();
                    if (output.fs().exists(new Path(batch, COMMITTED))) {
                        publish(batch, run.getPath().getName() + "-" + batch.getName());
                        published++;
                        LOG.info("published batch " + batch + " left by an interrupted run");
                    } else {
                        delete(batch);
                    }
                }
                delete(run.getPath());
            }
            return published;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover staging " + output.staging(), e);
        }
    }

    private int moveAll(Path from, Path to, String prefix) {
        try {
            if (!output.fs().exists(from)) {
                return 0;
            }
            List<Path> files = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> it = output.fs().listFiles(from, true);
            while (it.hasNext()) {
                Path p = it.next().getPath();
                if (isData(p) && !hiddenBelow(from, p)) {
                    files.add(p);
                }
            }
            int moved = 0;
            for (Path f : files) {
                String relative = from.toUri().relativize(f.toUri()).getPath();
                Path relParent = new Path(relative).getParent();
                Path dir = relParent == null || relParent.toString().isEmpty() ? to : new Path(to, relParent.toString());
                output.fs().mkdirs(dir);
                Path target = new Path(dir, prefix + "-" + f.getName());
                if (!output.fs().rename(f, target)) {
                    throw new IOException("rename " + f + " -> " + target + " failed");
                }
                moved++;
            }
            return moved;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + from, e);
        }
    }

    private static boolean isData(Path p) {
        String n = p.getName();
        return !n.startsWith("_") && !n.startsWith(".");
    }

    /** True for files under _temporary or other hidden directories of a write. */
    private static boolean hiddenBelow(Path root, Path p) {
        for (Path q = p.getParent(); q != null && !q.equals(root) && q.depth() > root.depth(); q = q.getParent()) {
            if (!isData(q)) {
                return true;
            }
        }
        return false;
    }

    private void delete(Path p) {
        try {
            output.fs().delete(p, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }
}
