package org.deepdual.bench.solve;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntToDoubleFunction;

/**
 * The JMH methodology in plain Java, for one operation: run it for {@code warmupSeconds} so the JIT
 * compiles the hot path, then {@code iterations} timed iterations of at least
 * {@code iterationSeconds} each, and report operations per second per iteration. One fork (this
 * JVM); the result of every operation flows into a sink so the JIT cannot drop the work.
 *
 * @param warmupSeconds time spent before measuring
 * @param iterations number of timed iterations (the samples of the summary)
 * @param iterationSeconds minimum duration of one timed iteration
 */
public record RepeatedMeasurement(double warmupSeconds, int iterations, double iterationSeconds) {
    private static volatile double sink;

    public RepeatedMeasurement {
        if (!(warmupSeconds >= 0) || !Double.isFinite(warmupSeconds)) {
            throw new IllegalArgumentException("warmupSeconds must be a finite number >= 0, got " + warmupSeconds);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        if (!(iterationSeconds > 0) || !Double.isFinite(iterationSeconds)) {
            throw new IllegalArgumentException("iterationSeconds must be a finite number > 0, got "
                    + iterationSeconds);
        }
    }

    /** 0.5 s of warm-up, 5 iterations of 0.2 s. */
    public static RepeatedMeasurement standard() {
        return new RepeatedMeasurement(0.5, 5, 0.2);
    }

    /** 0.2 s of warm-up, 3 iterations of 0.1 s. */
    public static RepeatedMeasurement quick() {
        return new RepeatedMeasurement(0.2, 3, 0.1);
    }

    /**
     * Operations per second of {@code op}, per timed iteration, by the wall clock and by this thread's
     * CPU time. On a shared machine the second is close to what an idle core would give, because the
     * time the thread waits for a core is not counted.
     */
    public record Rates(SampleSummary wall, SampleSummary cpu) {
        /** Both rates multiplied by {@code factor} (operations of {@code factor} cells each to cells). */
        public Rates times(double factor) {
            return new Rates(wall.times(factor), cpu.times(factor));
        }
    }

    /**
     * Operations per second of {@code op}, called with a running operation index (so a benchmark can
     * cycle through its cells); {@code op} returns a value that depends on the work done.
     */
    public Rates opsPerSecond(IntToDoubleFunction op) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuClock = threads.isCurrentThreadCpuTimeSupported();
        int index = 0;
        double acc = 0;
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            acc += op.applyAsDouble(index++);
        } while (System.nanoTime() < warmEnd);
        double[] rates = new double[iterations];
        double[] cpuRates = new double[iterations];
        long minNanos = (long) (iterationSeconds * 1e9);
        for (int it = 0; it < iterations; it++) {
            long cpu0 = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
            long start = System.nanoTime();
            long elapsed;
            int ops = 0;
            do {
                acc += op.applyAsDouble(index++);
                ops++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < minNanos);
            long cpu = cpuClock ? threads.getCurrentThreadCpuTime() - cpu0 : elapsed;
            rates[it] = ops / (elapsed / 1e9);
            cpuRates[it] = ops / (Math.max(cpu, 1) / 1e9);
        }
        sink = acc;
        return new Rates(SampleSummary.of(rates), SampleSummary.of(cpuRates));
    }

    /** Seconds per call of {@code op} over {@code iterations} calls after one untimed call. */
    public SampleSummary secondsPerCall(IntToDoubleFunction op) {
        double acc = op.applyAsDouble(0);
        double[] secs = new double[iterations];
        for (int it = 0; it < iterations; it++) {
            long start = System.nanoTime();
            acc += op.applyAsDouble(it + 1);
            secs[it] = (System.nanoTime() - start) / 1e9;
        }
        sink = acc;
        return SampleSummary.of(secs);
    }
}
