package org.deepdual.sweep;

import java.util.concurrent.Callable;

/**
 * Runs a solve on its own daemon thread and gives up on it after a time budget, so that a runaway
 * cell becomes {@code FAILED: timeout after N s} instead of holding its task forever. An abandoned
 * thread is interrupted and, where the JVM still allows it (Java ≤ 19), stopped.
 */
final class TimeBudget {
    private TimeBudget() {
    }

    /** The outcome of one budgeted call: a value, an exception, or a timeout. */
    record Outcome<T>(T value, Throwable error, boolean timedOut, long nanos) {
        boolean ok() {
            return !timedOut && error == null;
        }
    }

    static <T> Outcome<T> run(Callable<T> work, long budgetMillis, String name) {
        Object[] value = new Object[1];
        Throwable[] error = new Throwable[1];
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            try {
                value[0] = work.call();
            } catch (Throwable e) {
                error[0] = e;
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
            return new Outcome<>(null, null, true, nanos);
        }
        @SuppressWarnings("unchecked")
        T v = (T) value[0];
        return new Outcome<>(v, error[0], false, nanos);
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
