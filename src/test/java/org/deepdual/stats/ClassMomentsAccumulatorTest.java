package org.deepdual.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

class ClassMomentsAccumulatorTest {
    private static final int K = 3;
    private static final int M = 4;

    @Test
    void mergingInAnyOrderAndGroupingEqualsOnePass() throws Exception {
        Random r = new Random(17);
        int n = 90;
        Matrix h = randomFeatures(r, n, M, 3.0);
        int[] y = randomLabels(r, n);
        ClassMomentsAccumulator onePass = ClassMomentsAccumulator.of(h, y, K);
        ClassMomentsAccumulator welford = new ClassMomentsAccumulator(K, M);
        for (int i = 0; i < n; i++) {
            welford.add(y[i], h.row(i));
        }
        assertClose(onePass, welford, "sample-by-sample Welford");
        for (int trial = 0; trial < 20; trial++) {
            List<ClassMomentsAccumulator> parts = randomPartition(r, h, y);
            // through Java serialization, as partitions would travel
            List<ClassMomentsAccumulator> shipped = new ArrayList<>();
            for (ClassMomentsAccumulator p : parts) {
                shipped.add(roundTrip(p));
            }
            Collections.shuffle(shipped, r);
            ClassMomentsAccumulator left = new ClassMomentsAccumulator(K, M);
            for (ClassMomentsAccumulator p : shipped) {
                left.merge(p);
            }
            assertClose(onePass, left, "left fold, trial " + trial);
            assertClose(onePass, tree(shipped, 0, shipped.size()), "tree, trial " + trial);
        }
    }

    @Test
    void mergeLeavesTheArgumentUnchangedAndCopyIsIndependent() {
        Random r = new Random(4);
        Matrix h = randomFeatures(r, 12, M, 1.0);
        int[] y = randomLabels(r, 12);
        ClassMomentsAccumulator a = ClassMomentsAccumulator.of(h.rowRange(0, 6), slice(y, 0, 6), K);
        ClassMomentsAccumulator b = ClassMomentsAccumulator.of(h.rowRange(6, 12), slice(y, 6, 12), K);
        ClassMomentsAccumulator bBefore = b.copy();
        a.copy().merge(b);
        assertClose(bBefore, b, "argument unchanged");
        assertEquals(6, b.total());
    }

    @Test
    void staysAccurateWhenWithinClassSpreadIsTinyNextToTheMeans() {
        // class means of size ~3, within-class spread 1e-8 of that: the scatter is ~1e-16 of E[hhᵀ]
        Random r = new Random(23);
        int n = 200;
        double[][] centre = new double[K][M];
        for (int k = 0; k < K; k++) {
            for (int j = 0; j < M; j++) {
                centre[k][j] = 3.0 + r.nextGaussian();
            }
        }
        double[][] rows = new double[n][M];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % K;
            for (int j = 0; j < M; j++) {
                rows[i][j] = centre[y[i]][j] * (1 + 1e-8 * r.nextGaussian());
            }
        }
        Matrix h = Matrix.ofRows(rows);
        double[][] exact = exactScatter(rows, y);
        ClassMomentsAccumulator block = ClassMomentsAccumulator.of(h, y, K);
        ClassMomentsAccumulator welford = new ClassMomentsAccumulator(K, M);
        ClassMomentsAccumulator merged = new ClassMomentsAccumulator(K, M);
        for (int i = 0; i < n; i++) {
            welford.add(y[i], rows[i]);
            merged.merge(new ClassMomentsAccumulator(K, M).add(y[i], rows[i]));
        }
        double blockErr = relativeError(exact, block.withinScatter());
        double welfordErr = relativeError(exact, welford.withinScatter());
        double mergedErr = relativeError(exact, merged.withinScatter());
        double naiveErr = relativeError(exact, naiveScatter(rows, y));
        assertTrue(blockErr < 1e-6, "two-pass block error " + blockErr);
        assertTrue(welfordErr < 1e-6, "Welford error " + welfordErr);
        assertTrue(mergedErr < 1e-6, "Chan merge error " + mergedErr);
        assertTrue(naiveErr > 0.1, "E[hhᵀ] − E[h]E[h]ᵀ should fail here, error " + naiveErr);
    }

    @Test
    void emptyClassesInAPartAreAllowedAndBadInputIsRefused() {
        ClassMomentsAccumulator a = new ClassMomentsAccumulator(K, 2).add(1, new double[] {1, 2});
        ClassMomentsAccumulator b = new ClassMomentsAccumulator(K, 2).add(1, new double[] {3, 6});
        a.merge(b);
        assertEquals(0, a.count(0));
        assertEquals(2, a.count(1));
        assertEquals(2.0, a.mean(1)[0]);
        assertEquals(4.0, a.mean(1)[1]);
        // scatter of {(1,2),(3,6)} about (2,4): (−1,−2)(−1,−2)ᵀ + (1,2)(1,2)ᵀ
        Matrix s = a.withinScatter();
        assertEquals(2.0, s.get(0, 0));
        assertEquals(4.0, s.get(0, 1));
        assertEquals(8.0, s.get(1, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> a.add(3, new double[] {0, 0}));
        assertTrue(e.getMessage().contains("label 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.add(0, new double[] {0, 0, 0}));
        assertTrue(e.getMessage().contains("3 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.merge(new ClassMomentsAccumulator(2, 2)));
        assertTrue(e.getMessage().contains("2 classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ClassMomentsAccumulator(0, 2));
        assertTrue(e.getMessage().contains("classes"), e.getMessage());
    }

    private static List<ClassMomentsAccumulator> randomPartition(Random r, Matrix h, int[] y) {
        int n = y.length;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, r);
        List<ClassMomentsAccumulator> parts = new ArrayList<>();
        int i = 0;
        while (i < n) {
            int size = Math.min(n - i, r.nextInt(12));
            int[] idx = new int[size];
            int[] labels = new int[size];
            for (int p = 0; p < size; p++) {
                idx[p] = order.get(i + p);
                labels[p] = y[idx[p]];
            }
            ClassMomentsAccumulator part = new ClassMomentsAccumulator(K, M);
            if (r.nextBoolean()) {
                part.addAll(h.selectRows(idx), labels);
            } else {
                for (int p = 0; p < size; p++) {
                    part.add(labels[p], h.row(idx[p]));
                }
            }
            parts.add(part);
            i += size;
        }
        return parts;
    }

    private static ClassMomentsAccumulator tree(List<ClassMomentsAccumulator> parts, int from, int to) {
        if (to - from == 1) {
            return parts.get(from).copy();
        }
        if (to == from) {
            return new ClassMomentsAccumulator(K, M);
        }
        int mid = (from + to) / 2;
        return tree(parts, from, mid).merge(tree(parts, mid, to));
    }

    private static void assertClose(ClassMomentsAccumulator expected, ClassMomentsAccumulator actual, String what) {
        for (int k = 0; k < K; k++) {
            assertEquals(expected.count(k), actual.count(k), what + ": count of class " + k);
        }
        assertMatrixClose(expected.classMeans(), actual.classMeans(), what + ": means");
        assertMatrixClose(expected.withinScatter(), actual.withinScatter(), what + ": scatter");
    }

    private static void assertMatrixClose(Matrix expected, Matrix actual, String what) {
        double scale = Math.max(1.0, expected.maxAbs());
        double diff = expected.minus(actual).maxAbs();
        assertTrue(diff <= 1e-12 * scale, what + " differs by " + diff + " (scale " + scale + ")");
    }

    private static double[][] exactScatter(double[][] rows, int[] y) {
        MathContext mc = new MathContext(60);
        BigDecimal[][] s = new BigDecimal[M][M];
        for (BigDecimal[] row : s) {
            java.util.Arrays.fill(row, BigDecimal.ZERO);
        }
        for (int k = 0; k < K; k++) {
            BigDecimal[] mean = new BigDecimal[M];
            java.util.Arrays.fill(mean, BigDecimal.ZERO);
            int count = 0;
            for (int i = 0; i < rows.length; i++) {
                if (y[i] == k) {
                    count++;
                    for (int j = 0; j < M; j++) {
                        mean[j] = mean[j].add(new BigDecimal(rows[i][j]));
                    }
                }
            }
            for (int j = 0; j < M; j++) {
                mean[j] = mean[j].divide(BigDecimal.valueOf(count), mc);
            }
            for (int i = 0; i < rows.length; i++) {
                if (y[i] == k) {
                    for (int a = 0; a < M; a++) {
                        BigDecimal da = new BigDecimal(rows[i][a]).subtract(mean[a]);
                        for (int b = 0; b < M; b++) {
                            s[a][b] = s[a][b].add(da.multiply(new BigDecimal(rows[i][b]).subtract(mean[b]), mc));
                        }
                    }
                }
            }
        }
        double[][] out = new double[M][M];
        for (int a = 0; a < M; a++) {
            for (int b = 0; b < M; b++) {
                out[a][b] = s[a][b].doubleValue();
            }
        }
        return out;
    }

    /** Σ_k (Σ_{i∈k} h_i h_iᵀ − n_k μ_k μ_kᵀ): the formula that cancels catastrophically. */
    private static Matrix naiveScatter(double[][] rows, int[] y) {
        double[][] s = new double[M][M];
        for (int k = 0; k < K; k++) {
            double[] sum = new double[M];
            double[][] second = new double[M][M];
            int count = 0;
            for (int i = 0; i < rows.length; i++) {
                if (y[i] == k) {
                    count++;
                    for (int a = 0; a < M; a++) {
                        sum[a] += rows[i][a];
                        for (int b = 0; b < M; b++) {
                            second[a][b] += rows[i][a] * rows[i][b];
                        }
                    }
                }
            }
            for (int a = 0; a < M; a++) {
                for (int b = 0; b < M; b++) {
                    s[a][b] += second[a][b] - sum[a] * sum[b] / count;
                }
            }
        }
        return Matrix.ofRows(s);
    }

    private static double relativeError(double[][] exact, Matrix actual) {
        double num = 0;
        double den = 0;
        for (int a = 0; a < M; a++) {
            for (int b = 0; b < M; b++) {
                double d = actual.get(a, b) - exact[a][b];
                num += d * d;
                den += exact[a][b] * exact[a][b];
            }
        }
        return Math.sqrt(num / den);
    }

    static Matrix randomFeatures(Random r, int n, int m, double offset) {
        double[][] a = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                a[i][j] = offset + r.nextGaussian();
            }
        }
        return Matrix.ofRows(a);
    }

    private static int[] randomLabels(Random r, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < K ? i : r.nextInt(K);
        }
        return y;
    }

    private static int[] slice(int[] y, int from, int to) {
        return java.util.Arrays.copyOfRange(y, from, to);
    }

    private static ClassMomentsAccumulator roundTrip(ClassMomentsAccumulator a) throws IOException,
            ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ClassMomentsAccumulator) in.readObject();
        }
    }
}
