package org.deepdual.model;

import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The losses of docs/theory.md §14.1 against formulas written out here: values, gradients by central differences,
 * the Fenchel–Young equality ℓ(F) + ℓ*(∇ℓ(F)) = ⟨∇ℓ(F), F⟩ at the gradient and the inequality elsewhere, the
 * conjugates' domains, the projection into them, and target checks.
 */
class LossTest {
    private static final Matrix SIGNS = Matrix.column(1, -1, -1, 1, 1);
    private static final Matrix SCORES = Matrix.column(0.3, -2.0, 0.7, 1.0, -0.1);
    private static final Matrix ONE_HOT = Matrix.ofRows(new double[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}});
    private static final Matrix LOGITS = Matrix.ofRows(new double[][] {{2, -1, 0.5}, {0, 0, 0}, {-3, 4, 1}});

    private static double inner(Matrix a, Matrix b) {
        return a.hadamard(b).toColumnMajor().length == 0 ? 0
                : java.util.Arrays.stream(a.hadamard(b).toColumnMajor()).sum();
    }

    @Test
    void valuesAreTheFormulas() {
        double logistic = 0;
        double hinge = 0;
        for (int i = 0; i < SIGNS.rows(); i++) {
            double m = SIGNS.get(i, 0) * SCORES.get(i, 0);
            logistic += Math.log(1 + Math.exp(-m));
            hinge += Math.max(0, 1 - m);
        }
        assertRel(logistic, Loss.LOGISTIC.value(SCORES, SIGNS), 1e-14, "logistic");
        assertRel(hinge, Loss.HINGE.value(SCORES, SIGNS), 1e-14, "hinge");
        double ce = Math.log(Math.exp(2) + Math.exp(-1) + Math.exp(0.5)) - 2 + Math.log(3) - 0
                + Math.log(Math.exp(-3) + Math.exp(4) + Math.exp(1)) - 4;
        assertRel(ce, Loss.CROSS_ENTROPY.value(LOGITS, ONE_HOT), 1e-14, "cross-entropy");
        assertRel(0.5 * SCORES.minus(SIGNS).frobeniusNormSquared(), Loss.SQUARED.value(SCORES, SIGNS), 1e-15,
                "squared");
        assertEquals(Math.log1p(Math.exp(-800.0)), Loss.LOGISTIC.value(800, 1), 0.0);
        assertRel(800.0, Loss.LOGISTIC.value(-800, 1), 1e-15, "no overflow for a large negative margin");
    }

    @Test
    void gradientsMatchCentralDifferences() {
        for (Loss loss : new Loss[] {Loss.SQUARED, Loss.LOGISTIC, Loss.CROSS_ENTROPY, Loss.HINGE}) {
            Matrix f = loss == Loss.CROSS_ENTROPY ? LOGITS : SCORES;
            Matrix y = loss == Loss.CROSS_ENTROPY ? ONE_HOT : SIGNS;
            Matrix g = loss.gradient(f, y);
            double h = 1e-6;
            for (int i = 0; i < f.rows(); i++) {
                for (int c = 0; c < f.cols(); c++) {
                    double[] up = f.toColumnMajor();
                    double[] down = f.toColumnMajor();
                    up[i + c * f.rows()] += h;
                    down[i + c * f.rows()] -= h;
                    double fd = (loss.value(Matrix.ofColumnMajor(f.rows(), f.cols(), up), y)
                            - loss.value(Matrix.ofColumnMajor(f.rows(), f.cols(), down), y)) / (2 * h);
                    if (loss == Loss.HINGE && y.get(i, 0) * f.get(i, 0) == 1) {
                        // at the kink any element of [−1, 0]·y is a subgradient; the difference quotient is −y/2
                        double p = -g.get(i, c) * y.get(i, 0);
                        assertTrue(p >= 0 && p <= 1, "hinge subgradient at the kink: " + g.get(i, c));
                        continue;
                    }
                    assertEquals(fd, g.get(i, c), 1e-7, loss + " entry " + i + "," + c);
                }
            }
        }
    }

    @Test
    void fenchelYoungHoldsWithEqualityAtTheGradient() {
        Random r = new Random(4);
        for (Loss loss : Loss.values()) {
            Matrix f = loss == Loss.CROSS_ENTROPY ? LOGITS : SCORES;
            Matrix y = loss == Loss.CROSS_ENTROPY ? ONE_HOT : SIGNS;
            Matrix g = loss.gradient(f, y);
            assertRel(inner(g, f), loss.value(f, y) + loss.conjugate(g, y), 1e-12, loss + ": equality at ∇ℓ(F)");
            // the dual function g(Λ) = −ℓ*(−Λ) at Λ = −∇ℓ(F)
            assertRel(-loss.conjugate(g, y), loss.dualValue(g.scale(-1), y), 1e-15, loss + ": dual value");
            for (int trial = 0; trial < 20; trial++) {
                Matrix u = loss.intoDualDomain(g.map(v -> v + 0.3 * r.nextGaussian()).scale(-1), y).scale(-1);
                assertTrue(loss.conjugateDomainContains(u, y), loss + ": projected point in the domain");
                assertTrue(loss.value(f, y) + loss.conjugate(u, y) >= inner(u, f) - 1e-12, loss + ": Fenchel–Young");
            }
        }
    }

    @Test
    void conjugatesAreBinaryEntropyBoxAndEntropyOnTheirDomains() {
        // logistic, p = λy: g(λ) = H(p); hinge: g(λ) = p; outside [0, 1]: −∞
        Matrix y = Matrix.column(1, -1);
        Matrix lambda = Matrix.column(0.25, -0.5);
        double h = -0.25 * Math.log(0.25) - 0.75 * Math.log(0.75) + Math.log(2);
        assertRel(h, Loss.LOGISTIC.dualValue(lambda, y), 1e-15, "binary entropy");
        assertRel(0.75, Loss.HINGE.dualValue(lambda, y), 1e-15, "box-constrained linear");
        Matrix outside = Matrix.column(1.5, -0.5);
        assertEquals(Double.NEGATIVE_INFINITY, Loss.LOGISTIC.dualValue(outside, y));
        assertEquals(Double.NEGATIVE_INFINITY, Loss.HINGE.dualValue(Matrix.column(-0.1, 0), y));
        assertFalse(Loss.HINGE.conjugateDomainContains(outside.scale(-1), y));
        assertEquals(Matrix.column(1.0, -0.5), Loss.LOGISTIC.intoDualDomain(outside, y));
        // cross-entropy: q = e_k − λ on the simplex, g = Shannon entropy of q
        Matrix ce = Matrix.ofRows(new double[][] {{0.5, -0.25, -0.25}});
        Matrix e0 = Matrix.ofRows(new double[][] {{1, 0, 0}});
        assertRel(-(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25)),
                Loss.CROSS_ENTROPY.dualValue(ce, e0), 1e-15, "entropy");
        Matrix projected = Loss.CROSS_ENTROPY.intoDualDomain(Matrix.ofRows(new double[][] {{2, 1, -1}}), e0);
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            double q = e0.get(0, c) - projected.get(0, c);
            assertTrue(q >= 0, "q_" + c + " = " + q);
            sum += q;
        }
        assertEquals(1.0, sum, 1e-15);
    }

    @Test
    void targetsAreCheckedWithRowAndValue() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Loss.LOGISTIC.validateTargets(Matrix.column(1, 0, -1)));
        assertEquals("loss logistic needs labels +1 or -1: row 1 has 0.0", zero.getMessage());
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                () -> Loss.HINGE.validateTargets(ONE_HOT));
        assertTrue(cols.getMessage().contains("one target column"), cols.getMessage());
        IllegalArgumentException hot = assertThrows(IllegalArgumentException.class,
                () -> Loss.CROSS_ENTROPY.validateTargets(Matrix.ofRows(new double[][] {{1, 1}, {0, 1}})));
        assertEquals("loss cross-entropy needs one-hot targets: row 0 has 2 ones", hot.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Loss.CROSS_ENTROPY.validateTargets(SIGNS));
        assertTrue(one.getMessage().contains("K >= 2"), one.getMessage());
        Loss.SQUARED.validateTargets(SCORES);
        assertEquals(Loss.CROSS_ENTROPY, Loss.fromCliName("cross-entropy"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Loss.fromCliName("l1"));
        assertTrue(unknown.getMessage().startsWith("unknown loss 'l1'; expected one of squared, logistic, hinge,"
                + " cross-entropy"), unknown.getMessage());
        assertTrue(Loss.LOGISTIC.requiresPositiveBeta() && Loss.CROSS_ENTROPY.requiresPositiveBeta());
        assertFalse(Loss.HINGE.requiresPositiveBeta() || Loss.SQUARED.requiresPositiveBeta());
    }
}
