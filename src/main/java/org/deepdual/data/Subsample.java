package org.deepdual.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded subsamples of a data set's rows, returned as increasing row indices (the kept rows stay
 * in file order). Draws use {@link java.util.Random} (algorithm fixed by its specification), so a
 * seed selects the same rows on every machine.
 */
public final class Subsample {
    private Subsample() {
    }

    /**
     * {@code perClass} rows of every class, drawn without replacement, classes in order 0..k−1 from
     * one Random(seed); refused when a class has fewer rows.
     */
    public static int[] classBalanced(Labels labels, int perClass, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < labels.k(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.n(); i++) {
            byClass.get(labels.label(i)).add(i);
        }
        Random random = new Random(seed);
        int[] chosen = new int[perClass * labels.k()];
        int at = 0;
        for (int c = 0; c < labels.k(); c++) {
            List<Integer> rows = byClass.get(c);
            if (rows.size() < perClass) {
                throw new IllegalArgumentException("class " + c + " has only " + rows.size()
                        + " samples, fewer than per_class = " + perClass);
            }
            for (int i : firstOfShuffle(rows.size(), perClass, random)) {
                chosen[at++] = rows.get(i);
            }
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /** {@code n} of {@code total} rows uniformly at random without replacement. */
    public static int[] uniform(int total, int n, long seed) {
        if (n > total) {
            throw new IllegalArgumentException("n = " + n + " is more than the " + total + " rows available");
        }
        int[] chosen = firstOfShuffle(total, n, new Random(seed));
        Arrays.sort(chosen);
        return chosen;
    }

    /** The first m entries of a Fisher–Yates shuffle of 0..size−1 (only m swaps are made). */
    private static int[] firstOfShuffle(int size, int m, Random random) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(size - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return Arrays.copyOf(p, m);
    }
}
