package org.deepdual.data;

import java.util.Random;

/**
 * The random draws of every generator, from one {@link java.util.Random} seeded with the spec's
 * seed. {@code java.util.Random} is used (not SplittableRandom) because its Javadoc fixes the
 * algorithm exactly (48-bit LCG; {@code nextGaussian} by the polar method with StrictMath), so a
 * seed gives the same bits on every JVM. Draws happen in a documented order (row by row), and all
 * arithmetic on them stays in plain Java, which is IEEE-exact since Java 17; BLAS is never
 * involved, so native and Java backends produce identical data.
 */
final class SeededDraws {
    private final Random random;

    SeededDraws(long seed) {
        this.random = new Random(seed);
    }

    /** An n×d array with i.i.d. N(0, std²) entries, drawn row by row. */
    double[][] gaussian(int n, int d, double std) {
        double[][] a = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = std * random.nextGaussian();
            }
        }
        return a;
    }

    /** n i.i.d. N(0, std²) entries. */
    double[] gaussian(int n, double std) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = std * random.nextGaussian();
        }
        return a;
    }

    /** n i.i.d. entries uniform on [lo, hi). */
    double[] uniform(int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * random.nextDouble();
        }
        return a;
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates, from the last position down). */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Labels with {@code sizes[c]} samples of class c, in random order. */
    int[] labelsWithSizes(int[] sizes) {
        int n = 0;
        for (int s : sizes) {
            n += s;
        }
        int[] grouped = new int[n];
        int at = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                grouped[at++] = c;
            }
        }
        int[] p = permutation(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[p[i]] = grouped[i];
        }
        return labels;
    }

    /** Class sizes as equal as possible: the first n mod k classes get one sample more. */
    static int[] balancedSizes(int n, int k) {
        int[] sizes = new int[k];
        for (int c = 0; c < k; c++) {
            sizes[c] = n / k + (c < n % k ? 1 : 0);
        }
        return sizes;
    }
}
