package org.deepdual.sweep;

/**
 * Count, mean, sample standard deviation, min and max of a stream of doubles, with the arithmetic of Spark's
 * built-in {@code avg} (a running sum divided by the count) and {@code stddev_samp} (its running central moment
 * update), so that a summary computed here equals the SQL aggregates to rounding of the summation order.
 */
final class MomentAccumulator {
    private long n;
    private double sum;
    private double avg;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    void add(double x) {
        n++;
        sum += x;
        double delta = x - avg;
        double deltaN = delta / n;
        avg += deltaN;
        m2 += delta * (delta - deltaN);
        min = Math.min(min, x);
        max = Math.max(max, x);
    }

    void clear() {
        n = 0;
        sum = 0;
        avg = 0;
        m2 = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
    }

    Double mean() {
        return n == 0 ? null : sum / n;
    }

    /** Null below two values, as {@code stddev_samp}. */
    Double std() {
        return n < 2 ? null : Math.sqrt(m2 / (n - 1));
    }

    Double min() {
        return n == 0 ? null : min;
    }

    Double max() {
        return n == 0 ? null : max;
    }
}
