package org.deepdual.sweep;

import java.io.PrintStream;

/**
 * How to run a spec: {@code recompute} starts a fresh run in a new output ({@code OUTPUT-<run_id>})
 * instead of filling the gaps of OUTPUT; {@code force} accepts a grid above {@code max_cells};
 * {@code batchCells} is the number of solved cells per Spark job (0: chosen from the grid);
 * {@code concurrency} the number of batch jobs in flight, so executors never idle while the driver
 * publishes a batch.
 */
public record SweepOptions(boolean recompute, boolean force, PathSolver solver, PrintStream progress,
        DataShipping shipping, int batchCells, int concurrency, long staleLockMillis,
        long progressMillis) {

    public static SweepOptions defaults() {
        return new SweepOptions(false, false, PathSolver.SOLVERS, System.err, DataShipping.BROADCAST, 0, 2,
                OutputLock.DEFAULT_STALE_MILLIS, 10_000);
    }

    public SweepOptions withRecompute(boolean r) {
        return new SweepOptions(r, force, solver, progress, shipping, batchCells, concurrency, staleLockMillis,
                progressMillis);
    }

    public SweepOptions withForce(boolean f) {
        return new SweepOptions(recompute, f, solver, progress, shipping, batchCells, concurrency, staleLockMillis,
                progressMillis);
    }

    public SweepOptions withSolver(PathSolver s) {
        return new SweepOptions(recompute, force, s, progress, shipping, batchCells, concurrency, staleLockMillis,
                progressMillis);
    }

    public SweepOptions withProgress(PrintStream p, long everyMillis) {
        return new SweepOptions(recompute, force, solver, p, shipping, batchCells, concurrency, staleLockMillis,
                everyMillis);
    }

    public SweepOptions withShipping(DataShipping s) {
        return new SweepOptions(recompute, force, solver, progress, s, batchCells, concurrency, staleLockMillis,
                progressMillis);
    }

    public SweepOptions withBatchCells(int cells) {
        return new SweepOptions(recompute, force, solver, progress, shipping, cells, concurrency, staleLockMillis,
                progressMillis);
    }

    public SweepOptions withConcurrency(int c) {
        return new SweepOptions(recompute, force, solver, progress, shipping, batchCells, c, staleLockMillis,
                progressMillis);
    }

    public SweepOptions withStaleLockMillis(long ms) {
        return new SweepOptions(recompute, force, solver, progress, shipping, batchCells, concurrency, ms,
                progressMillis);
    }

    /**
     * Options from Spark settings (the spec's {@code spark:} map or {@code --conf}):
     * {@code spark.deepdual.batch.cells}, {@code spark.deepdual.batch.concurrency},
     * {@code spark.deepdual.data.shipping} (broadcast | rebuild), {@code spark.deepdual.progress.seconds},
     * {@code spark.deepdual.lock.staleSeconds}.
     */
    public SweepOptions withSparkConf(org.apache.spark.SparkConf conf) {
        SweepOptions o = this;
        if (conf.contains("spark.deepdual.batch.cells")) {
            o = o.withBatchCells(conf.getInt("spark.deepdual.batch.cells", 0));
        }
        if (conf.contains("spark.deepdual.batch.concurrency")) {
            o = o.withConcurrency(Math.max(1, conf.getInt("spark.deepdual.batch.concurrency", 2)));
        }
        if (conf.contains("spark.deepdual.data.shipping")) {
            String s = conf.get("spark.deepdual.data.shipping");
            try {
                o = o.withShipping(DataShipping.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("spark.deepdual.data.shipping must be broadcast or rebuild, got '"
                        + s + "'", e);
            }
        }
        if (conf.contains("spark.deepdual.progress.seconds")) {
            o = o.withProgress(progress, Math.max(1, conf.getInt("spark.deepdual.progress.seconds", 10)) * 1000L);
        }
        if (conf.contains("spark.deepdual.lock.staleSeconds")) {
            o = o.withStaleLockMillis(Math.max(1, conf.getInt("spark.deepdual.lock.staleSeconds", 30)) * 1000L);
        }
        return o;
    }
}
