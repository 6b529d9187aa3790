package org.deepdual.sweep;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;

/**
 * The progress lines of {@code reduce} and {@code report} on stderr, in the sweep's style
 * ({@link SweepProgress}): the step (of a known number), items done of the step's total when it has items
 * (report panels), the tasks of Spark's running stages, the time so far and the time left, estimated from
 * the items done (else from the steps done). A line is printed at every step and item, and every
 * {@code everyMillis} while a step runs.
 */
public final class StepProgress implements AutoCloseable {
    private final PrintStream out;
    private final String name;
    private final int steps;
    private final SparkContext spark;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService timer;
    private volatile int step;
    private volatile String stepName = "starting";
    private volatile long stepStarted = System.nanoTime();
    private volatile int done;
    private volatile int total;
    private volatile boolean closed;

    /** {@code spark} may be null: the lines then leave out Spark's task counts. */
    public StepProgress(PrintStream out, String name, int steps, SparkContext spark, long everyMillis) {
        this.out = out;
        this.name = name;
        this.steps = steps;
        this.spark = spark;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deepdual-step-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::print, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** The default: one line every 10 s while a step runs, as the sweep's. */
    public static StepProgress onStderr(String name, int steps, SparkContext spark) {
        return new StepProgress(System.err, name, steps, spark, 10_000);
    }

    /** Starts the next step, of {@code items} items (0: a step without items), and prints its line. */
    public synchronized void step(String what, int items) {
        if (step >= steps) {
            throw new IllegalStateException(name + ": step " + (step + 1) + " (" + what + ") beyond the " + steps
                    + " announced");
        }
        step++;
        stepName = what;
        stepStarted = System.nanoTime();
        done = 0;
        total = items;
        print();
    }

    /** One more item of the current step is done; prints the line. */
    public synchronized void item(String what) {
        done++;
        stepName = stepName.replaceAll(": .*", "") + ": " + what;
        print();
    }

    /** E.g. {@code [report q] step 2/3 figures: linear on gauss, 12/40 items, 3/8 Spark tasks, 20 s, ETA 45 s}. */
    public synchronized String line() {
        double now = System.nanoTime();
        double elapsed = (now - started) / 1e9;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[%s] step %d/%d %s", name, step, steps,
                stepName));
        if (total > 0) {
            b.append(String.format(Locale.ROOT, ", %d/%d items", done, total));
        }
        sparkTasks().ifPresent(t -> b.append(", ").append(t));
        b.append(", ").append(SweepProgress.duration(elapsed)).append(", ETA ").append(eta(now));
        return b.toString();
    }

    private String eta(double now) {
        if (total > 0 && done > 0) {   // the step's items so far, as the sweep's cells/s
            double perItem = (now - stepStarted) / 1e9 / done;
            return SweepProgress.duration(perItem * (total - done)) + (step < steps ? " for this step" : "");
        }
        if (step > 1) {   // the steps so far, each taken as long as the average of the finished ones
            double perStep = (stepStarted - started) / 1e9 / (step - 1);
            return SweepProgress.duration(Math.max(0, perStep * (steps - step + 1) - (now - stepStarted) / 1e9));
        }
        return "unknown";
    }

    /** Tasks done of those in Spark's running stages, e.g. {@code 3/8 Spark tasks}; empty when none run. */
    private java.util.Optional<String> sparkTasks() {
        if (spark == null || spark.isStopped()) {
            return java.util.Optional.empty();
        }
        int all = 0;
        int finished = 0;
        for (int id : spark.statusTracker().getActiveStageIds()) {
            scala.Option<SparkStageInfo> s = spark.statusTracker().getStageInfo(id);
            if (s.isDefined()) {
                all += s.get().numTasks();
                finished += s.get().numCompletedTasks();
            }
        }
        return all == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(finished + "/" + all + " Spark tasks");
    }

    private void print() {
        if (!closed) {
            out.println(line());
            out.flush();
        }
    }

    /** Prints the closing line with the total time. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (!closed) {
            closed = true;
            out.printf(Locale.ROOT, "[%s] done: %d/%d steps in %s%n", name, step, steps,
                    SweepProgress.duration((System.nanoTime() - started) / 1e9));
            out.flush();
        }
    }
}
