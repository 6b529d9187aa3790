package org.deepdual.sweep;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs a solve on its own daemon thread and gives up on it after a time budget, so that a runaway
 * cell becomes {@code FAILED: timeout after N s} instead of holding its task forever. An abandoned
 * thread is interrupted and, where the JVM still allows it (Java ≤ 19), stopped. The outcome carries
 * the solve's wall and CPU time (the CPU time of this thread only, which Spark's task metrics miss).
 */
final class TimeBudget {
    private TimeBudget() {
    }

    /** The outcome of one budgeted call: a value, an exception, or a timeout. */
    record Outcome<T>(T value, Throwable error, boolean timedOut, long nanos, long cpuNanos) {
        boolean ok() {
            return !timedOut && error == null;
        }
    }

    static <T> Outcome<T> run(Callable<T> work, long budgetMillis, String name) {
        Object[] value = new Object[1];
        Throwable[] error = new Throwable[1];
        long[] cpu = new long[1];
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long c0 = threads.getCurrentThreadCpuTime();
            try {
                value[0] = work.call();
            } catch (Throwable e) {
                error[0] = e;
            } finally {
                cpu[0] = threads.getCurrentThreadCpuTime() - c0;
            }
        }, name);
        t.setDaemon(true);
        t.start();
        try {
            t.join(Math.max(1, budgetMillis));
        } catch (InterruptedException e) {
            abandon(t);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        long nanos = System.nanoTime() - start;
        if (t.isAlive()) {
            abandon(t);
            return new Outcome<>(null, null, true, nanos, 0);
        }
        @SuppressWarnings("unchecked")
        T v = (T) value[0];
        return new Outcome<>(v, error[0], false, nanos, cpu[0]);
    }

    /**
     * Runs {@code work} in order on one daemon thread, each call with its own budget: a call that
     * overruns is abandoned (with its thread) and reported as timed out, and the remaining calls go on
     * on a fresh thread. One thread per path rather than per cell keeps µs-cheap cells cheap, and the
     * watching thread wakes only when a budget could have run out, not after every cell.
     */
    static <T> List<Outcome<T>> runEach(List<Callable<T>> work, long budgetMillis, String name) {
        int n = work.size();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Outcome<T>[] out = new Outcome[n];
        long budgetNanos = Math.max(1, budgetMillis) * 1_000_000L;
        int next = 0;
        while (next < n) {
            Progress progress = new Progress(next);
            int first = next;
            // the worker's own results: an abandoned worker that finishes late writes only here
            @SuppressWarnings({"unchecked", "rawtypes"})
            Outcome<T>[] mine = new Outcome[n];
            Thread t = new Thread(() -> {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                for (int i = first; i < n && !Thread.currentThread().isInterrupted(); i++) {
                    long t0 = System.nanoTime();
                    progress.start(i, t0);
                    long c0 = threads.getCurrentThreadCpuTime();
                    T value = null;
                    Throwable error = null;
                    try {
                        value = work.get(i).call();
                    } catch (Throwable e) {
                        error = e;
                    }
                    mine[i] = new Outcome<>(value, error, false, System.nanoTime() - t0,
                            threads.getCurrentThreadCpuTime() - c0);
                }
                progress.start(n, System.nanoTime());
            }, name);
            t.setDaemon(true);
            t.start();
            int stopped = watch(t, progress, budgetNanos, n, out);
            System.arraycopy(mine, first, out, first, stopped - first);
            next = stopped == n ? n : stopped + 1;
        }
        return java.util.Arrays.asList(out);
    }

    /**
     * Waits for {@code t}; on a call past its budget abandons it, records the timeout in {@code out}
     * and returns that call's index; returns n when every call finished.
     */
    private static <T> int watch(Thread t, Progress progress, long budgetNanos, int n, Outcome<T>[] out) {
        long waitNanos = budgetNanos;
        while (true) {
            try {
                t.join(Math.max(1, waitNanos / 1_000_000));
            } catch (InterruptedException e) {
                abandon(t);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + t.getName(), e);
            }
            if (!t.isAlive()) {
                return n;
            }
            long[] current = progress.current();
            long elapsed = System.nanoTime() - current[1];
            if (current[0] < n && elapsed >= budgetNanos) {
                abandon(t);
                int i = (int) current[0];
                out[i] = new Outcome<>(null, null, true, elapsed, 0);
                return i;
            }
            waitNanos = budgetNanos - elapsed;
        }
    }

    /** Which call a worker is in and since when; read as one consistent pair. */
    private static final class Progress {
        private long index;
        private long started;

        Progress(int first) {
            this.index = first;
            this.started = System.nanoTime();
        }

        synchronized void start(int i, long at) {
            index = i;
            started = at;
        }

        synchronized long[] current() {
            return new long[] {index, started};
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void abandon(Thread t) {
        t.interrupt();
        try {
            t.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            try {
                // the solve holds no lock the sweep needs; stopping it frees the core for the next cell
                t.stop();
            } catch (UnsupportedOperationException e) {
                // Java 20+: the thread runs on as a daemon until it returns
            }
        }
    }
}
