package org.deepdual.sweep;

import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;

/**
 * Marks the one job of a batch whose tasks count cells ({@code deepdual.cells}, {@code deepdual.failed} and the
 * phase timers), so that the counts are exact. Spark applies a task's accumulator updates once per partition
 * of a result stage (the first successful attempt; failed, killed and speculative losing attempts are
 * dropped), which is what makes counting inside an action exact. But the evaluator runs inside a
 * transformation: the trajectories job of a batch reads the cells job's cached rows, and if a cached block
 * is lost it solves those paths again, as a new first success of its own partitions. Counting only in tasks
 * of the marked job removes that second count. It relies on the evaluator staying in the result stage of
 * the cells job (no shuffle before the write), where Spark's once-per-partition rule holds.
 */
final class CountedJob {
    /** The local property, set on the submitting thread, that tasks of the counted job see. */
    static final String PROPERTY = "deepdual.countsCells";

    private CountedJob() {
    }

    /** Whether the jobs this thread starts from now on count cells. */
    static void mark(SparkContext sc, boolean counts) {
        sc.setLocalProperty(PROPERTY, counts ? "true" : null);
    }

    /** True inside a task of a counted job (and outside Spark, where nothing is retried). */
    static boolean counts() {
        TaskContext task = TaskContext.get();
        return task == null || "true".equals(task.getLocalProperty(PROPERTY));
    }
}
