package org.deepdual.bench.sweep;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;

/**
 * When each executor other than the driver registered, in epoch ms: {@link ProjectionRun} names this class in
 * {@code spark.extraListeners}, because a standalone cluster's executors can register before a listener added after
 * the session is built would hear of them. Spark makes the instance by reflection, so the times are kept in this
 * JVM's one static list (a ProjectionRun child runs one session).
 */
public final class ExecutorArrivals extends SparkListener {
    private static final List<Long> ADDED = new ArrayList<>();

    public ExecutorArrivals() {
        // made by Spark from spark.extraListeners
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded e) {
        if (!"driver".equals(e.executorId())) {
            synchronized (ADDED) {
                ADDED.add(e.time());
            }
        }
    }

    /** Epoch ms at which each executor registered, in the order they did. */
    static List<Long> times() {
        synchronized (ADDED) {
            return List.copyOf(ADDED);
        }
    }
}
