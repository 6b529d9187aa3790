package org.deepdual.sweep;

/**
 * What a sweep run did: where its results are, the grid size, how many cells were already present,
 * how many it computed and how many of those failed, and where the executors' time went (for the
 * overhead measurement: executor run time of the run's tasks against the solve, statistics and
 * preparation time measured inside them, and {@code pathMillis}, all the work on the paths
 * including building rows; the rest of the executor time is Spark's task and Parquet writing).
 */
public record SweepResult(String output, String runId, long totalCells, long alreadyDone, long computed, long failed,
        int batches, long wallMillis, long executorRunMillis, double solveMillis, double statsMillis,
        double prepareMillis, double pathMillis) {

    public double cellsPerSecond() {
        return wallMillis == 0 ? 0 : computed * 1000.0 / wallMillis;
    }

    /** Share of executor time outside the solves (statistics, preparation, rows, Parquet, scheduling). */
    public double shareOutsideSolves() {
        return executorRunMillis == 0 ? Double.NaN : 1 - solveMillis / executorRunMillis;
    }

    /** Share of executor time outside solve, statistics and preparation (the sweep's own overhead). */
    public double shareOutsideCellWork() {
        return executorRunMillis == 0 ? Double.NaN
                : 1 - (solveMillis + statsMillis + prepareMillis) / executorRunMillis;
    }
}
