package org.deepdual.bench.solve;

import java.util.Arrays;

/**
 * Order statistics of repeated measurements of one quantity: the median, the quartiles (linear
 * interpolation between order statistics) and the range. The median is what benchmarks report,
 * because on a shared machine the distribution of timings has a long upper tail.
 */
public record SampleSummary(int count, double median, double q1, double q3, double min, double max) {

    /** The summary of {@code samples} (at least one, all finite). */
    public static SampleSummary of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples must not be empty");
        }
        double[] s = samples.clone();
        for (double v : s) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("samples must be finite, got " + v);
            }
        }
        Arrays.sort(s);
        return new SampleSummary(s.length, quantile(s, 0.5), quantile(s, 0.25), quantile(s, 0.75), s[0],
                s[s.length - 1]);
    }

    /** Every statistic multiplied by {@code factor} > 0 (e.g. paths per second to cells per second). */
    public SampleSummary times(double factor) {
        return new SampleSummary(count, median * factor, q1 * factor, q3 * factor, min * factor, max * factor);
    }

    /** Half the interquartile range relative to the median, e.g. 0.05 for ±5 %; 0 for a zero median. */
    public double relativeSpread() {
        return median == 0 ? 0 : (q3 - q1) / (2 * Math.abs(median));
    }

    private static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }
}
