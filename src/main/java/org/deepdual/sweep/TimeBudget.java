package org.deepdual.sweep;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
