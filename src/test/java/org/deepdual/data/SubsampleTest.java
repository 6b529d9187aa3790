package org.deepdual.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SubsampleTest {
    /** 3 classes of sizes 50, 30, 20 in a fixed interleaved order. */
    private static Labels labels() {
        int[] l = new int[100];
        for (int i = 0; i < 100; i++) {
            l[i] = i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2;
        }
        return Labels.of(l);
    }

    @Test
    void classBalancedKeepsExactlyPerClassRowsOfEveryClassInFileOrder() {
        Labels labels = labels();
        int[] rows = Subsample.classBalanced(labels, 15, 7);
        assertEquals(45, rows.length);
        assertEquals(45, Arrays.stream(rows).distinct().count(), "no row twice");
        for (int i = 1; i < rows.length; i++) {
            assertTrue(rows[i - 1] < rows[i], "increasing");
        }
        int[] counts = new int[3];
        for (int r : rows) {
            counts[labels.label(r)]++;
        }
        assertArrayEquals(new int[] {15, 15, 15}, counts);
        assertArrayEquals(rows, Subsample.classBalanced(labels, 15, 7), "same seed, same rows");
        assertFalse(Arrays.equals(rows, Subsample.classBalanced(labels, 15, 8)), "another seed, other rows");
        assertEquals(60, Subsample.classBalanced(labels, 20, 1).length, "the whole smallest class");
    }

    @Test
    void aClassShorterThanPerClassIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Subsample.classBalanced(labels(), 21, 1));
        assertEquals("class 2 has only 20 samples, fewer than per_class = 21", e.getMessage());
    }

    @Test
    void uniformKeepsNDistinctRowsAndRefusesMoreThanThereAre() {
        int[] rows = Subsample.uniform(100, 30, 3);
        assertEquals(30, Arrays.stream(rows).distinct().count());
        assertTrue(Arrays.stream(rows).allMatch(r -> r >= 0 && r < 100));
        assertArrayEquals(rows, Subsample.uniform(100, 30, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Subsample.uniform(10, 11, 3));
        assertEquals("n = 11 is more than the 10 rows available", e.getMessage());
    }
}
