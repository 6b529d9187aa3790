package org.deepdual.data;

import java.util.Arrays;

/**
 * Class labels 0..k−1, one per sample. Every class occurs at least once (a class with no sample
 * is refused as bad input, docs/cli.md).
 */
public record Labels(int[] classOf, int k) {

    public Labels {
        classOf = classOf.clone();
        if (k < 1) {
            throw new IllegalArgumentException("labels: number of classes must be >= 1, got " + k);
        }
        int[] counts = new int[k];
        for (int i = 0; i < classOf.length; i++) {
            int c = classOf[i];
            if (c < 0 || c >= k) {
                throw new IllegalArgumentException("labels: row " + i + " has label " + c + " outside 0.." + (k - 1));
            }
            counts[c]++;
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("labels: class " + c + " has no sample");
            }
        }
    }

    /** Labels from raw integers; k is one more than the largest label. */
    public static Labels of(int[] classOf) {
        int k = Arrays.stream(classOf).max().orElse(-1) + 1;
        return new Labels(classOf, k);
    }

    @Override
    public int[] classOf() {
        return classOf.clone();
    }

    public int n() {
        return classOf.length;
    }

    public int label(int i) {
        return classOf[i];
    }

    public int[] counts() {
        int[] counts = new int[k];
        for (int c : classOf) {
            counts[c]++;
        }
        return counts;
    }

    public boolean balanced() {
        int[] c = counts();
        return Arrays.stream(c).allMatch(v -> v == c[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels l && l.k == k && Arrays.equals(l.classOf, classOf);
    }

    @Override
    public int hashCode() {
        return 31 * k + Arrays.hashCode(classOf);
    }

    @Override
    public String toString() {
        return "Labels[n=" + classOf.length + ", k=" + k + "]";
    }
}
