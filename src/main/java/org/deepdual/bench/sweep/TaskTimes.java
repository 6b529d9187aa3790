package org.deepdual.bench.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What {@link ProjectionRun} learns from Spark's listener bus about the jobs of a sweep's batches (job group
 * {@code deepdual-*}): each job's batch, start and end, and each successful task's duration, deserialization, run
 * time, result serialization, and the cells and path nanoseconds its accumulators counted.
 */
final class TaskTimes extends SparkListener {
    /** One task: times in milliseconds, {@code pathMillis} the work on its paths measured inside it. */
    record Task(int job, long duration, long deserialize, long run, long resultSerialization, long cells,
            double pathMillis) {
        /** Spark UI's scheduler delay: the part of the duration outside the executor's own phases. */
        long schedulerDelay() {
            return Math.max(0, duration - run - deserialize - resultSerialization);
        }
    }

    /** One job: its batch (from the description the sweep gives it, -1 when none) and epoch ms of its start and end. */
    record Job(int id, int batch, long start, long end) {
        long wall() {
            return end - start;
        }
    }

    private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();
    private static final java.util.regex.Pattern BATCH = java.util.regex.Pattern.compile(" batch (\\d+)[:/]");
    private final Map<Integer, long[]> started = new ConcurrentHashMap<>();
    private final List<Job> jobs = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();

    @Override
    public void onJobStart(SparkListenerJobStart e) {
        String group = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
        if (group == null || !group.startsWith("deepdual-")) {
            return;
        }
        String description = e.properties().getProperty("spark.job.description", "");
        java.util.regex.Matcher m = BATCH.matcher(description);
        started.put(e.jobId(), new long[] {e.time(), m.find() ? Long.parseLong(m.group(1)) : -1});
        for (Object s : scala.jdk.javaapi.CollectionConverters.asJava(e.stageIds())) {
            jobOfStage.put((Integer) s, e.jobId());
        }
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd e) {
        long[] s = started.get(e.jobId());
        if (s != null) {
            jobs.add(new Job(e.jobId(), (int) s[1], s[0], e.time()));
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
        Integer job = jobOfStage.get(e.stageId());
        if (job == null || e.taskInfo() == null || !e.taskInfo().successful() || e.taskMetrics() == null) {
            return;
        }
        long cells = 0;
        double pathMillis = 0;
        for (AccumulableInfo a : scala.jdk.javaapi.CollectionConverters.asJava(e.taskInfo().accumulables())) {
            String name = a.name().isDefined() ? a.name().get() : "";
            Object v = a.update().isDefined() ? a.update().get() : null;
            if (v instanceof Number n) {
                if (name.equals("deepdual.cells")) {
                    cells = n.longValue();
                } else if (name.equals("deepdual.pathNanos")) {
                    pathMillis = n.longValue() / 1e6;
                }
            }
        }
        var m = e.taskMetrics();
        tasks.add(new Task(job, e.taskInfo().duration(), m.executorDeserializeTime(), m.executorRunTime(),
                m.resultSerializationTime(), cells, pathMillis));
    }

    synchronized List<Job> jobs() {
        return List.copyOf(jobs);
    }

    synchronized List<Task> tasks() {
        return List.copyOf(tasks);
    }
}
