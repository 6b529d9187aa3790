package org.deepdual.solve.relu2;

import org.deepdual.model.Activation;
import org.deepdual.solve.linear.DeepLinearSolverTest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Activation patterns of docs/theory.md §9: exact for d ≤ 2, sampled and reproducible otherwise. */
public class ActivationPatternsTest {

    /** 1-D inputs with a bias column [x, 1]. */
    static Matrix withBias(double... x) {
        double[][] rows = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            rows[i] = new double[] {x[i], 1.0};
        }
        return Matrix.ofRows(rows);
    }

    public static Matrix gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return Matrix.ofRows(rows);
    }

    private static BitSet pattern(Matrix x, double[] g) {
        BitSet p = new BitSet();
        for (int k = 0; k < x.rows(); k++) {
            double v = 0;
            for (int j = 0; j < x.cols(); j++) {
                v += x.get(k, j) * g[j];
            }
            if (v >= 0) {
                p.set(k);
            }
        }
        return p;
    }

    private static Set<BitSet> asSet(ActivationPatterns patterns) {
        Set<BitSet> out = new HashSet<>();
        for (int i = 0; i < patterns.count(); i++) {
            BitSet p = new BitSet();
            for (int k = 0; k < patterns.n(); k++) {
                if (patterns.active(i, k)) {
                    p.set(k);
                }
            }
            out.add(p);
        }
        return out;
    }

    @Test
    void enumerationInTwoDimensionsFindsEveryPatternOfADenseAngleScan() {
        Matrix x = withBias(-0.9, -0.4, -0.35, 0.1, 0.2, 0.55, 0.8, 1.3);
        ActivationPatterns exact = ActivationPatterns.enumerate(x);
        Set<BitSet> scanned = new HashSet<>();
        for (int a = 0; a < 200_000; a++) {
            double theta = 2 * Math.PI * (a + 0.5) / 200_000;
            BitSet p = pattern(x, new double[] {Math.cos(theta), Math.sin(theta)});
            if (!p.isEmpty()) {
                scanned.add(p);
            }
        }
        assertEquals(scanned, asSet(exact));
        // 2n critical angles, one pattern per arc, the empty one dropped
        assertEquals(2 * x.rows() - 1, exact.count());
        assertTrue(exact.exhaustive());
        assertTrue(exact.enumerated());
    }

    @Test
    void everyGeneratorLiesInTheConeOfItsPattern() {
        for (ActivationPatterns p : new ActivationPatterns[] {ActivationPatterns.enumerate(withBias(-1, 0, 0.5, 2)),
                ActivationPatterns.sample(gaussian(30, 5, 1), 300, 7)}) {
            Matrix g = p.generators();
            Matrix x = p.n() == 4 ? withBias(-1, 0, 0.5, 2) : gaussian(30, 5, 1);
            for (int i = 0; i < p.count(); i++) {
                BitSet expected = pattern(x, g.column(i));
                for (int k = 0; k < p.n(); k++) {
                    assertEquals(expected.get(k), p.active(i, k), "pattern " + i + ", sample " + k);
                }
            }
        }
    }

    @Test
    void oneDimensionalDataHasTheTwoHalfLinePatterns() {
        Matrix x = Matrix.column(-2, -1, 0.5, 3);
        ActivationPatterns p = ActivationPatterns.enumerate(x);
        assertEquals(2, p.count());
        assertArrayEquals(new double[] {0, 0, 1, 1}, p.mask(0));
        assertArrayEquals(new double[] {1, 1, 0, 0}, p.mask(1));
    }

    @Test
    void samplingIsReproducibleDeduplicatedAndDropsTheZeroPattern() {
        Matrix x = gaussian(40, 6, 3);
        ActivationPatterns a = ActivationPatterns.sample(x, 500, 11);
        ActivationPatterns b = ActivationPatterns.sample(x, 500, 11);
        ActivationPatterns c = ActivationPatterns.sample(x, 500, 12);
        assertEquals(a.count(), b.count());
        for (int i = 0; i < a.count(); i++) {
            assertArrayEquals(a.mask(i), b.mask(i), "pattern " + i);
        }
        assertNotEquals(asSet(a), asSet(c));
        assertEquals(a.count(), asSet(a).size(), "duplicates");
        assertTrue(a.count() <= 500);
        for (int i = 0; i < a.count(); i++) {
            double s = 0;
            for (double v : a.mask(i)) {
                s += v;
            }
            assertTrue(s > 0, "zero pattern " + i);
        }
        assertFalse(a.exhaustive(), "500 draws cannot cover the arrangement of 40 points in R^6");
    }

    @Test
    void samplingThatReachesCoversBoundIsExhaustive() {
        // orthonormal rows: Xg ~ N(0, I_4), every one of the 2^4 sign patterns occurs
        Matrix x = DeepLinearSolverTest.orthonormalRows(4, 6, 5);
        ActivationPatterns p = ActivationPatterns.sample(x, 2000, 1);
        assertEquals(15, p.count());
        assertTrue(p.exhaustive());
        assertFalse(p.enumerated());
        assertEquals(16.0, ActivationPatterns.coverBound(4, 6));
        assertEquals(2 * (1 + 9 + 36), ActivationPatterns.coverBound(10, 3));
    }

    @Test
    void enumerationRefusesMoreThanTwoColumns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationPatterns.enumerate(gaussian(5, 3, 1)));
        assertTrue(e.getMessage().contains("5x3"), e.getMessage());
    }
}
