package org.deepdual.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The costs one measured run ({@link ProjectionRun}'s JSON) gives {@link ProjectionModel}: the same reduction
 * whether the run was on local[N] (tasks in the driver's JVM) or on a standalone cluster (tasks in executor JVMs),
 * so that the model can be calibrated on either and checked against another run. Times in seconds.
 *
 * @param jvm the child JVM's time to its main
 * @param session building the Spark session
 * @param prepare the run's preparation before its first batch job
 * @param executorWait the first batch job's wait for executors not yet registered (0 on local[N])
 * @param task a task's time beyond its paths, fixed part
 * @param taskPerCell the same, per cell of the task
 * @param job a job's time beyond its slowest task, with the driver's time before the next job of its batch
 * @param batch a batch's time after its last job, beyond a job's
 * @param reduceCold the reducer's first run
 * @param reduceWarm the reducer's second, warm run on the same output
 * @param rows the cells the run computed (the reducer's rows)
 * @param pathPerCell the work on the paths inside the run's tasks, per cell (NaN when not measured)
 */
public record ProjectionCalibration(double jvm, double session, double prepare, double executorWait, double task,
        double taskPerCell, double job, double batch, double reduceCold, double reduceWarm, long rows,
        double pathPerCell) {

    /** The figures of a {@link ProjectionRun} result (its milliseconds made seconds). */
    public static ProjectionCalibration of(JsonNode r) {
        return new ProjectionCalibration(r.path("jvm_s").asDouble(), r.path("session_s").asDouble(),
                r.path("prepare_ms").asDouble() / 1e3, r.path("executor_wait_ms").asDouble(0) / 1e3,
                r.path("task_overhead_ms").asDouble() / 1e3, r.path("task_overhead_per_cell_ms").asDouble() / 1e3,
                r.path("job_overhead_ms").asDouble() / 1e3, r.path("batch_overhead_ms").asDouble() / 1e3,
                r.path("reduce_s").asDouble(), r.path("reduce_warm_s").asDouble(), r.path("computed").asLong(),
                r.path("path_ms_per_cell").asDouble(Double.NaN) / 1e3);
    }

    /**
     * Start-up as the model counts it: JVM, session, preparation and the wait for executors, everything before the
     * first batch job's tasks can run.
     */
    public double startup() {
        return jvm + session + prepare + executorWait;
    }

    /** The reducer's one-time warm-up: its cold run less its warm one, never below 0. */
    public double reduceFixed() {
        return Math.max(0, reduceCold - reduceWarm);
    }

    /** The warm reducer's time per row (its own fixed part included, so an upper bound). */
    public double reducePerRow() {
        return reduceWarm / Math.max(1, rows);
    }

    /**
     * How much dearer the cells were inside this run than the model of the same grid counts them (its one-thread
     * probe): the run's path work per cell over the model's mean; 1 when the run did not measure it.
     */
    public double cellFactor(ProjectionModel modelOfThisRun) {
        double f = pathPerCell / modelOfThisRun.meanSecondsPerCell();
        return f > 0 && Double.isFinite(f) ? f : 1;
    }

    /** The model's overheads from this run, with the driver's planning per cell measured apart. */
    public ProjectionModel.Overheads overheads(double planningPerCell) {
        return new ProjectionModel.Overheads(startup(), planningPerCell, task, taskPerCell, job, batch, reduceFixed(),
                reducePerRow());
    }
}
