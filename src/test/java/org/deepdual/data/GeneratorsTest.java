package org.deepdual.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The generators: reproducible bit for bit, and each makes the data its Javadoc promises. */
class GeneratorsTest {

    static Stream<DatasetSpec> everyGenerator() {
        return Stream.of(
                DatasetSpec.generated("g", "gaussian", 30, 7, 2, 5),
                DatasetSpec.generated("w", "whitened", 8, 20, 1, 5),
                DatasetSpec.builder("w1", "whitened").n(9).d(12).targets("onehot").classes(3).seed(5).build(),
                DatasetSpec.builder("ws", "whitened").n(7).d(7).targets("signed").seed(5).build(),
                DatasetSpec.generated("r", "rank-one", 12, 6, 1, 5),
                DatasetSpec.builder("o", "one-d").n(15).sorted(true).biasColumn(true).seed(5).build(),
                DatasetSpec.builder("m", "mixture").n(20).d(4).classes(4).seed(5).build());
    }

    @ParameterizedTest
    @MethodSource("everyGenerator")
    void sameSpecGivesTheSameBitsAndAnotherSeedOtherBits(DatasetSpec spec) {
        Dataset a = DatasetFactory.build(spec);
        Dataset b = DatasetFactory.build(spec);
        assertEquals(a.x(), b.x(), "X bit for bit");
        assertEquals(a.y(), b.y(), "Y bit for bit");
        assertEquals(a.labels(), b.labels());
        assertEquals(a.fingerprint(), b.fingerprint());
        Dataset c = DatasetFactory.build(spec.toBuilder().seed(spec.seed() + 1).build());
        assertNotEquals(a.x(), c.x(), "another seed, other X");
        assertNotEquals(a.fingerprint(), c.fingerprint(), "another seed, another fingerprint");
        assertTrue(a.fingerprint().startsWith(spec.generator() + "/v1{"), a.fingerprint());
        assertTrue(a.fingerprint().contains("seed=" + spec.seed()), a.fingerprint());
    }

    @Test
    void gaussianDrawsFollowTheDocumentedOrder() {
        // independent recomputation: X row by row from Random(seed), then W with std 1/√d, then E
        int n = 6;
        int d = 3;
        double noise = 0.25;
        Dataset data = DatasetFactory.build(DatasetSpec.generated("g", "gaussian", n, d, 2, 42).toBuilder()
                .noise(noise).build());
        Random r = new Random(42);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] w = new double[d][2];
        for (double[] row : w) {
            for (int k = 0; k < 2; k++) {
                row[k] = (1 / Math.sqrt(d)) * r.nextGaussian();
            }
        }
        assertEquals(Matrix.ofRows(x), data.x());
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                double e = r.nextGaussian();
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += x[i][j] * w[j][k];
                }
                assertEquals(s + noise * e, data.y().get(i, k), 0.0, "Y(" + i + "," + k + ")");
            }
        }
    }

    @Test
    void fingerprintHoldsEveryParameterButNotTheName() {
        DatasetSpec base = DatasetSpec.generated("a", "gaussian", 10, 4, 1, 3);
        String fp = DatasetFactory.build(base).fingerprint();
        assertEquals("gaussian/v1{d=4,n=10,noise=0.1,outputs=1,seed=3,targets=linear}", fp);
        assertEquals(fp, DatasetFactory.build(DatasetSpec.generated("b", "gaussian", 10, 4, 1, 3)).fingerprint());
        List<DatasetSpec> variants = List.of(base.toBuilder().n(11).build(), base.toBuilder().d(5).build(),
                base.toBuilder().outputs(2).build(), base.toBuilder().noise(0.2).build(),
                base.toBuilder().targets("signed").build(), base.toBuilder().targets("onehot").classes(2).build());
        for (DatasetSpec v : variants) {
            Dataset other = DatasetFactory.build(v);
            assertNotEquals(fp, other.fingerprint(), "fingerprint of " + v);
            assertTrue(!other.x().equals(DatasetFactory.build(base).x()) || !other.y().equals(
                    DatasetFactory.build(base).y()), "a different fingerprint should mean different data: " + v);
        }
    }

    @Test
    void gaussianLinearTargetsWithoutNoiseLieInTheColumnSpaceOfX() {
        Dataset exact = DatasetFactory.build(DatasetSpec.generated("g", "gaussian", 40, 5, 3, 1).toBuilder().noise(0)
                .build());
        assertEquals("40x3", exact.y().shape());
        Matrix fit = exact.x().times(Decompositions.pseudoInverseSolve(exact.x(), exact.y(), 1e-12));
        assertTrue(fit.minus(exact.y()).frobeniusNorm() <= 1e-12 * exact.y().frobeniusNorm(), "Y = XW exactly");
        Dataset noisy = DatasetFactory.build(DatasetSpec.generated("g", "gaussian", 400, 5, 1, 1).toBuilder()
                .noise(0.5).build());
        Matrix res = noisy.y().minus(noisy.x().times(Decompositions.pseudoInverseSolve(noisy.x(), noisy.y(), 1e-12)));
        double noiseVar = res.frobeniusNormSquared() / (400 - 5);
        assertEquals(0.25, noiseVar, 0.05, "residual variance = noise²");
    }

    @ParameterizedTest
    @CsvSource({"1,1", "5,5", "8,20", "50,60", "3,300"})
    void whitenedRowsAreOrthonormal(int n, int d) {
        Dataset w = DatasetFactory.build(DatasetSpec.generated("w", "whitened", n, d, 1, 9));
        assertEquals(n + "x" + d, w.x().shape());
        assertTrue(Preprocessing.rowOrthonormalityError(w.x()) <= 1e-12, "‖XXᵀ − I‖ = "
                + Preprocessing.rowOrthonormalityError(w.x()));
    }

    @Test
    void whitenedSignedTargetsHaveBothSignsInBalance() {
        Dataset s = DatasetFactory.build(DatasetSpec.builder("s", "whitened").n(7).d(9).targets("signed").seed(2)
                .build());
        double[] y = s.y().asVector();
        assertEquals(4, Arrays.stream(y).filter(v -> v == 1.0).count(), "⌈7/2⌉ entries +1");
        assertEquals(3, Arrays.stream(y).filter(v -> v == -1.0).count(), "⌊7/2⌋ entries −1");
        assertTrue(s.labels().isEmpty());
    }

    @Test
    void whitenedOneHotTargetsAreBalancedClassesWithLabels() {
        Dataset s = DatasetFactory.build(DatasetSpec.builder("o", "whitened").n(10).d(12).targets("onehot")
                .classes(3).seed(2).build());
        Labels labels = s.labels().orElseThrow();
        assertArrayEquals(new int[] {4, 3, 3}, labels.counts());
        assertEquals("10x3", s.y().shape());
        assertOneHotOf(labels, s.y());
        assertTrue(Preprocessing.rowOrthonormalityError(s.x()) <= 1e-12);
    }

    @Test
    void rankOneDataIsAnOuterProductWithBothSigns() {
        Dataset r = DatasetFactory.build(DatasetSpec.generated("r", "rank-one", 30, 8, 1, 4));
        double[] s = Decompositions.singularValues(r.x());
        assertTrue(s[1] <= 1e-13 * s[0], "rank one: σ2/σ1 = " + s[1] / s[0]);
        double[] c = r.x().column(0);
        assertTrue(Arrays.stream(c).anyMatch(v -> v > 0) && Arrays.stream(c).anyMatch(v -> v < 0), "c has both signs");
    }

    @Test
    void oneDimensionalInputsAreUniformOnTheIntervalAndSortedWhenAsked() {
        Dataset unsorted = DatasetFactory.build(DatasetSpec.builder("o", "one-d").n(200).seed(1).build());
        Dataset sorted = DatasetFactory.build(DatasetSpec.builder("o", "one-d").n(200).seed(1).sorted(true).build());
        double[] x = unsorted.x().column(0);
        double[] xs = sorted.x().column(0);
        assertTrue(Arrays.stream(x).allMatch(v -> v >= -1 && v < 1), "x in [-1, 1)");
        double[] copy = x.clone();
        Arrays.sort(copy);
        assertArrayEquals(copy, xs, 0.0, "sorted is the same draw, sorted");
        assertTrue(!Arrays.equals(copy, x), "unsorted is not sorted");
        Dataset bias = DatasetFactory.build(DatasetSpec.builder("o", "one-d").n(5).seed(1).biasColumn(true).build());
        assertEquals("5x2", bias.x().shape());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1}, bias.x().column(1), 0.0);
        assertTrue(bias.fingerprint().endsWith("|bias"), bias.fingerprint());
    }

    @Test
    void mixtureHasBalancedOrGivenClassesAndSeparatedMeans() {
        Dataset balanced = DatasetFactory.build(DatasetSpec.builder("m", "mixture").n(11).d(3).classes(3).seed(1)
                .build());
        assertArrayEquals(new int[] {4, 4, 3}, balanced.labels().orElseThrow().counts());
        assertOneHotOf(balanced.labels().orElseThrow(), balanced.y());
        Dataset given = DatasetFactory.build(DatasetSpec.builder("m", "mixture").d(50).classSizes(List.of(50, 20, 80))
                .separation(8).seed(1).build());
        Labels labels = given.labels().orElseThrow();
        assertArrayEquals(new int[] {50, 20, 80}, labels.counts());
        // with separation 8 every sample is nearest to its own class mean
        double[][] means = classMeans(given.x(), labels);
        for (int i = 0; i < given.n(); i++) {
            double[] xi = given.x().row(i);
            int nearest = 0;
            for (int c = 1; c < 3; c++) {
                if (dist2(xi, means[c]) < dist2(xi, means[nearest])) {
                    nearest = c;
                }
            }
            assertEquals(labels.label(i), nearest, "sample " + i);
        }
    }

    @Test
    void signedMixtureOfTwoClassesIsPlusMinusOne() {
        Dataset s = DatasetFactory.build(DatasetSpec.builder("m", "mixture").n(6).d(2).classes(2).targets("signed")
                .seed(1).build());
        Labels l = s.labels().orElseThrow();
        for (int i = 0; i < 6; i++) {
            assertEquals(l.label(i) == 1 ? 1.0 : -1.0, s.y().get(i, 0));
        }
    }

    static void assertOneHotOf(Labels labels, Matrix y) {
        for (int i = 0; i < labels.n(); i++) {
            for (int c = 0; c < labels.k(); c++) {
                assertEquals(c == labels.label(i) ? 1.0 : 0.0, y.get(i, c), "Y(" + i + "," + c + ")");
            }
        }
    }

    private static double[][] classMeans(Matrix x, Labels labels) {
        double[][] means = new double[labels.k()][x.cols()];
        int[] counts = labels.counts();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                means[labels.label(i)][j] += x.get(i, j) / counts[labels.label(i)];
            }
        }
        return means;
    }

    private static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    @Test
    void badGeneratorParametersAreRefusedNamingTheField() {
        assertMessage(DatasetSpec.generated("w", "whitened", 10, 5, 1, 1), "data 'w'", "n <= d", "n = 10", "d = 5");
        assertMessage(DatasetSpec.builder("g", "gaussian").n(5).build(), "data 'g'", "needs d");
        assertMessage(DatasetSpec.builder("g", "gaussian").d(5).build(), "data 'g'", "needs n");
        assertMessage(DatasetSpec.builder("o", "one-d").n(5).d(3).build(), "d = 3");
        assertMessage(DatasetSpec.builder("s", "gaussian").n(1).d(2).targets("signed").build(), "n >= 2");
        assertMessage(DatasetSpec.builder("s", "gaussian").n(5).d(2).outputs(2).targets("signed").build(),
                "outputs = 2");
        assertMessage(DatasetSpec.builder("h", "gaussian").n(2).d(2).targets("onehot").classes(3).build(),
                "n = 2 < classes = 3");
        assertMessage(DatasetSpec.builder("h", "gaussian").n(6).d(2).targets("onehot").classes(3).outputs(2).build(),
                "outputs = 2 disagrees with classes = 3");
        assertMessage(DatasetSpec.builder("m", "mixture").n(9).d(2).classSizes(List.of(4, 4)).build(),
                "n = 9", "class_sizes [4, 4]", "8");
        assertMessage(DatasetSpec.builder("m", "mixture").n(9).d(2).build(), "classes >= 2", "got 1");
        assertMessage(DatasetSpec.builder("m", "mixture").n(9).d(2).classes(2).targets("signed").classSizes(
                List.of(3, 3, 3)).build(), "classes = 2", "3 entries");
        assertMessage(DatasetSpec.builder("g", "gaussian").n(5).d(2).perClass(3).build(), "per_class");
        assertMessage(DatasetSpec.builder("g", "gaussian").n(5).d(2).sorted(true).build(), "sorted", "one-d");
        assertMessage(DatasetSpec.builder("g", "gaussian").n(5).d(2).labelColumn(0).build(), "label_column", "csv");
    }

    static void assertMessage(DatasetSpec spec, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetFactory.build(spec));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should contain '" + p + "'");
        }
    }
}
