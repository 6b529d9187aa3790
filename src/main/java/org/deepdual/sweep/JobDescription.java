package org.deepdual.sweep;

import org.apache.spark.SparkContext;

/**
 * Names the Spark jobs the current thread starts, for the UI and the History Server, until closed (then the
 * thread's previous name comes back). Without it a job is named by its call site, and the jobs Spark SQL
 * starts from its own pool (adaptive query stages, broadcasts) all read
 * {@code $anonfun$withThreadLocalCaptured$1 at CompletableFuture.java}; that pool copies the submitting
 * thread's local properties, so a description set here names those jobs too.
 */
final class JobDescription implements AutoCloseable {
    /** Spark's own key ({@code SparkContext.SPARK_JOB_DESCRIPTION}, not public in Java). */
    static final String PROPERTY = "spark.job.description";
    private final SparkContext sc;
    private final String previous;

    private JobDescription(SparkContext sc, String description) {
        this.sc = sc;
        this.previous = sc.getLocalProperty(PROPERTY);
        sc.setLocalProperty(PROPERTY, description);
    }

    /** Names the jobs this thread starts {@code description} until {@link #close()}. */
    static JobDescription of(SparkContext sc, String description) {
        return new JobDescription(sc, description);
    }

    @Override
    public void close() {
        sc.setLocalProperty(PROPERTY, previous);
    }
}
