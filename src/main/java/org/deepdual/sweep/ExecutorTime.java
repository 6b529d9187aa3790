package org.deepdual.sweep;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Sums the executor run time of this run's tasks. */
final class ExecutorTime extends SparkListener {
    private final String jobGroup;
    final AtomicLong millis = new AtomicLong();
    private final Set<Integer> stages = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ExecutorTime(String jobGroup) {
        this.jobGroup = jobGroup;
    }

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
        Object group = start.properties() == null ? null : start.properties().getProperty("spark.jobGroup.id");
        if (jobGroup.equals(group)) {
            scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds()).forEach(s -> stages.add((Integer) s));
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (stages.contains(end.stageId()) && end.taskMetrics() != null) {
            millis.addAndGet(end.taskMetrics().executorRunTime());
        }
    }
}
