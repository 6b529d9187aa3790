package org.deepdual.sweep;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Sums the executor run time and the task threads' CPU time of this run's tasks, and counts its
 * task attempts still running: a job ends when each partition has one successful attempt, while a
 * losing speculative attempt may still be unwinding (and touching its staging directory).
 */
final class ExecutorTime extends SparkListener {
    private final String jobGroup;
    final AtomicLong millis = new AtomicLong();
    final AtomicLong cpuMillis = new AtomicLong();
    private final Set<Integer> stages = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object attempts = new Object();
    private long running;

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
    public void onTaskStart(SparkListenerTaskStart start) {
        if (stages.contains(start.stageId())) {
            synchronized (attempts) {
                running++;
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!stages.contains(end.stageId())) {
            return;
        }
        if (end.taskMetrics() != null) {
            millis.addAndGet(end.taskMetrics().executorRunTime());
            cpuMillis.addAndGet(end.taskMetrics().executorCpuTime() / 1_000_000);
        }
        synchronized (attempts) {
            running--;
            attempts.notifyAll();
        }
    }

    /**
     * Waits until no attempt of this run's tasks is running, at most {@code timeoutMillis}.
     *
     * @return the attempts still running when it returned
     */
    long awaitNoRunningAttempts(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (attempts) {
            while (running > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                attempts.wait(left);
            }
            return running;
        }
    }
}
