package org.deepdual.bench.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SweepReducer;
import org.deepdual.sweep.SweepResult;
import org.deepdual.sweep.SweepRun;
import org.deepdual.sweep.SweepSession;
import org.deepdual.sweep.SweepSpec;

/**
 * The child program of {@link ProjectionBenchmark}: a sweep end to end (session, plan, cells, reduce; no report)
 * in a fresh JVM on MASTER, with Spark's own account of its batch jobs and tasks ({@link TaskTimes}) reduced to
 * the overheads of the projection: a task's cost beyond its paths (least squares on its cells: fixed + per cell, the
 * slope at least 0),
 * a job's beyond its slowest task with the driver's time before the batch's next job, a batch's beyond its jobs,
 * and the run's preparation before the first batch; the executors' registrations ({@link ExecutorArrivals}) and the
 * first batch job's wait for them; the reducer cold and, again on the same output, warm.
 * Arguments: {@code SPEC MASTER RESULT_JSON}.
 */
public final class ProjectionRun {
    private ProjectionRun() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ProjectionRun SPEC MASTER RESULT_JSON");
            System.exit(2);
        }
        double jvmSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        long t0 = System.nanoTime();
        long mainStartMillis = System.currentTimeMillis();
        SweepSpec spec = SpecReader.read(Path.of(args[0]));
        // the executors' registrations, heard from the session's start (a listener added later can miss them)
        Map<String, String> settings = new HashMap<>(spec.spark());
        String listeners = settings.getOrDefault("spark.extraListeners", System.getProperty("spark.extraListeners"));
        settings.put("spark.extraListeners", (listeners == null || listeners.isBlank() ? "" : listeners + ",")
                + ExecutorArrivals.class.getName());
        SparkSession session = SweepSession.create(args[1], "deepdual bench projection " + spec.name(), settings);
        long t1 = System.nanoTime();
        ObjectNode o = new ObjectMapper().createObjectNode();
        TaskTimes times = new TaskTimes();
        session.sparkContext().addSparkListener(times);
        try {
            SweepOptions quiet = SweepOptions.defaults().withProgress(new PrintStream(new ByteArrayOutputStream()),
                    3_600_000);
            SweepRun run = new SweepRun(session, spec, quiet);
            long t2 = System.nanoTime();
            long runStart = System.currentTimeMillis();
            SweepResult r = run.run();
            long t3 = System.nanoTime();
            SweepOutput out = SweepOutput.resolve(r.output(), session.sparkContext().hadoopConfiguration(), "output");
            SweepReducer.reduce(session, out);
            long t4 = System.nanoTime();
            // again, warm: the difference is the reducer's one-time warm-up (its queries' first planning and code)
            SweepReducer.reduce(session, out);
            o.put("reduce_warm_s", (System.nanoTime() - t4) / 1e9);
            drainListeners(session);
            o.put("master", args[1]);
            o.put("jvm_s", jvmSeconds);
            o.put("session_s", (t1 - t0) / 1e9);
            o.put("plan_s", (t2 - t1) / 1e9);
            o.put("run_s", (t3 - t2) / 1e9);
            o.put("reduce_s", (t4 - t3) / 1e9);
            o.put("computed", r.computed());
            o.put("failed", r.failed());
            o.put("batches", r.batches());
            o.put("cores", session.sparkContext().defaultParallelism());
            List<Long> arrivals = ExecutorArrivals.times();
            long ready = arrivals.stream().mapToLong(Long::longValue).max().orElse(mainStartMillis);
            o.put("executors", arrivals.size());
            // the last executor's registration, from this JVM's main (before it: the session's own start-up)
            o.put("executors_ready_s", arrivals.isEmpty() ? 0 : (ready - mainStartMillis) / 1e3);
            overheads(times, runStart, (t3 - t2) / 1e6, r.batches(), arrivals.isEmpty() ? Long.MIN_VALUE : ready, o);
        } finally {
            session.stop();
        }
        o.put("main_s", (System.nanoTime() - t0) / 1e9);
        Files.writeString(Path.of(args[2]), o.toString());
        System.out.println(o);
    }

    /** Waits (at most a minute) until the listener bus has given {@link TaskTimes} every task's and job's end. */
    private static void drainListeners(SparkSession session) {
        try {
            session.sparkContext().listenerBus().waitUntilEmpty(60_000);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("projection: Spark's listener bus did not drain in 60 s; the task counts may be short");
        }
    }

    /**
     * The overheads of the projection, in milliseconds, from the batch jobs and their tasks.
     * {@code executorsReadyMillis}: when the last executor registered (epoch ms; {@code Long.MIN_VALUE} when none
     * did, as on local[N]). The first batch job's wait for executors that were not yet there is start-up, paid once,
     * not a job's cost: it is taken out of that job's time beyond its slowest task and reported as
     * {@code executor_wait_ms}.
     */
    static void overheads(TaskTimes times, long runStartMillis, double runMillis, int batches,
            long executorsReadyMillis, ObjectNode o) {
        List<TaskTimes.Task> tasks = times.tasks();
        List<TaskTimes.Job> jobs = times.jobs();
        o.put("jobs", jobs.size());
        o.put("tasks", tasks.size());
        if (tasks.isEmpty() || jobs.isEmpty()) {
            return;
        }
        double n = tasks.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        double deserialize = 0;
        double delay = 0;
        double resultSer = 0;
        double path = 0;
        long cells = 0;
        Map<Integer, Long> slowest = new HashMap<>();
        for (TaskTimes.Task t : tasks) {
            double residual = t.duration() - t.pathMillis();
            sx += t.cells();
            sy += residual;
            sxx += (double) t.cells() * t.cells();
            sxy += t.cells() * residual;
            deserialize += t.deserialize();
            delay += t.schedulerDelay();
            resultSer += t.resultSerialization();
            path += t.pathMillis();
            cells += t.cells();
            slowest.merge(t.job(), t.duration(), Math::max);
        }
        // a task's time outside its paths = fixed + perCell × cells (least squares; fixed alone when cells are equal)
        double det = n * sxx - sx * sx;
        // a negative slope (noise on a loaded machine) would make large tasks cheaper: then the fixed part alone
        double perCell = det > 1e-9 * n * sxx ? Math.max(0, (n * sxy - sx * sy) / det) : 0;
        double fixed = (sy - perCell * sx) / n;
        o.put("task_overhead_ms", fixed);
        o.put("task_overhead_per_cell_ms", perCell);
        o.put("task_deserialize_ms", deserialize / n);
        o.put("task_scheduler_delay_ms", delay / n);
        o.put("task_result_serialization_ms", resultSer / n);
        o.put("path_ms_per_cell", cells == 0 ? Double.NaN : path / cells);
        o.put("task_cells", cells);
        // one batch in flight: the jobs run one after the other, and the driver's time between two jobs of a batch
        // (the first's commit, the next's query plan) belongs to a job, the longer gap between batches to a batch
        List<TaskTimes.Job> byStart = new java.util.ArrayList<>(jobs);
        byStart.sort(java.util.Comparator.comparingLong(TaskTimes.Job::start));
        double jobTail = 0;
        double executorWait = 0;
        double within = 0;
        int withinCount = 0;
        double between = 0;
        int betweenCount = 0;
        for (int i = 0; i < byStart.size(); i++) {
            TaskTimes.Job j = byStart.get(i);
            double tail = j.wall() - slowest.getOrDefault(j.id(), 0L);
            if (i == 0 && executorsReadyMillis != Long.MIN_VALUE) {
                executorWait = Math.max(0, Math.min(tail, executorsReadyMillis - j.start()));
                tail -= executorWait;
            }
            jobTail += tail;
            long gapEnd = i + 1 < byStart.size() ? byStart.get(i + 1).start() : runStartMillis + (long) runMillis;
            double gap = Math.max(0, gapEnd - j.end());
            if (i + 1 < byStart.size() && byStart.get(i + 1).batch() == j.batch()) {
                within += gap;
                withinCount++;
            } else {
                between += gap;
                betweenCount++;
            }
        }
        double prepare = Math.max(0, byStart.get(0).start() - runStartMillis);
        double perJobGap = withinCount == 0 ? 0 : within / withinCount;
        o.put("job_overhead_ms", jobTail / jobs.size() + perJobGap);
        o.put("job_wall_beyond_slowest_task_ms", jobTail / jobs.size());
        o.put("job_driver_gap_ms", perJobGap);
        o.put("prepare_ms", prepare);
        o.put("executor_wait_ms", executorWait);
        // the gap after a batch's last job, less the per-job gap the model already gives that job
        o.put("batch_overhead_ms", betweenCount == 0 ? 0 : Math.max(0, between / betweenCount - perJobGap));
        o.put("batch_boundaries", betweenCount);
    }
}
