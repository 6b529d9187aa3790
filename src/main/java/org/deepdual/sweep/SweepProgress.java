package org.deepdual.sweep;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress line on stderr while a sweep runs: cells done of the total, failures so far, the
 * rate of this run and the time left at that rate.
 */
final class SweepProgress implements AutoCloseable {
    private final PrintStream out;
    private final String name;
    private final long total;
    private final long already;
    private final LongSupplier computed;
    private final LongSupplier failed;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService timer;
    private volatile String batches = "";
    private volatile boolean lastBatchPrinted;

    SweepProgress(PrintStream out, String name, long total, long already, LongSupplier computed, LongSupplier failed,
            long everyMillis) {
        this.out = out;
        this.name = name;
        this.total = total;
        this.already = already;
        this.computed = computed;
        this.failed = failed;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deepdual-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::print, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** Records a published batch and prints the line, so that every batch ends with the run's cells/s. */
    void batches(int published, int planned) {
        batches(published, planned, published == planned);
    }

    /** As {@link #batches(int, int)}, for batches cut by work as they go: {@code planned} ≤ 0 when not known. */
    void batches(int published, int planned, boolean last) {
        batches = ", batch " + published + (planned > 0 ? "/" + planned : "") + " published";
        print();
        lastBatchPrinted = last;
    }

    /** One progress line, e.g. {@code [sweep q] 1200/3000 cells (40.0%), 2 failed, 45.3 cells/s, ETA 40 s}. */
    String line() {
        long c = computed.getAsLong();
        long done = already + c;
        double rate = rate(c);
        long left = total - done;
        String eta = rate > 0 ? duration(left / rate) : "unknown";
        return String.format(Locale.ROOT, "[sweep %s] %d/%d cells (%.1f%%), %d failed, %.1f cells/s, ETA %s%s", name,
                done, total, total == 0 ? 100.0 : 100.0 * done / total, failed.getAsLong(), rate, eta, batches);
    }

    /**
     * The counts a batch's job description carries, rate first since the UI cuts long descriptions short,
     * e.g. {@code 45.3 cells/s, 1200/3000 cells, 2 failed}.
     */
    String counts() {
        long c = computed.getAsLong();
        return String.format(Locale.ROOT, "%.1f cells/s, %d/%d cells, %d failed", rate(c), already + c, total,
                failed.getAsLong());
    }

    /** Cells computed per second of this run so far. */
    private double rate(long computedCells) {
        double seconds = (System.nanoTime() - started) / 1e9;
        return seconds > 0 ? computedCells / seconds : 0;
    }

    void print() {
        out.println(line());
        out.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (!lastBatchPrinted) { // else that line already has the final counts
            print();
        }
    }
}
