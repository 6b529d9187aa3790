package org.deepdual.sweep;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
     * on a fresh thread. One thread per path rather than per cell keeps µs-cheap cells cheap.
     */
    static <T> List<Outcome<T>> runEach(List<Callable<T>> work, long budgetMillis, String name) {
        int n = work.size();
        List<Outcome<T>> out = new ArrayList<>(java.util.Collections.nCopies(n, null));
        int next = 0;
        while (next < n) {
            BlockingQueue<Finished<T>> done = new LinkedBlockingQueue<>();
            int first = next;
            Thread t = new Thread(() -> {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                for (int i = first; i < n && !Thread.currentThread().isInterrupted(); i++) {
                    long t0 = System.nanoTime();
                    long c0 = threads.getCurrentThreadCpuTime();
                    T value = null;
                    Throwable error = null;
                    try {
                        value = work.get(i).call();
                    } catch (Throwable e) {
                        error = e;
                    }
                    done.add(new Finished<>(i, new Outcome<>(value, error, false, System.nanoTime() - t0,
                            threads.getCurrentThreadCpuTime() - c0)));
                }
            }, name);
            t.setDaemon(true);
            t.start();
            while (next < n) {
                Finished<T> f;
                try {
                    f = done.poll(Math.max(1, budgetMillis), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    abandon(t);
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
                if (f == null) {
                    abandon(t);
                    out.set(next, new Outcome<>(null, null, true, budgetMillis * 1_000_000L, 0));
                    next++;
                    break;
                }
                out.set(f.index(), f.outcome());
                next = f.index() + 1;
            }
        }
        return out;
    }

    private record Finished<T>(int index, Outcome<T> outcome) {
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
