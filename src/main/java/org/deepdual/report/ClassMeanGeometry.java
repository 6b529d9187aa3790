package org.deepdual.report;

import static org.deepdual.linalg.Vectors.dot;
import static org.deepdual.linalg.Vectors.norm;
import static org.deepdual.linalg.Vectors.scaleInPlace;

import org.deepdual.data.Labels;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * The geometry of the class means of penultimate features H (n × m) with labels (docs/theory.md
 * §10): the globally centred means M = [μ_1 − μ_G, …, μ_K − μ_G] (μ_G the mean of the class means),
 * their coordinates in a plane where a simplex ETF appears as a regular K-gon (the Petrie projection:
 * u_1 ∝ Σ_k cos(2πk/K)·M_k, u_2 ∝ Σ_k sin(2πk/K)·M_k orthogonalised; for M = sQ(I − 11ᵀ/K) the
 * coordinates are s·(cos 2πk/K, sin 2πk/K) up to scale; principal directions when K = 2), and
 * the nearest scaled simplex ETF s·Q(I − 11ᵀ/K) (orthogonal Procrustes) in the same coordinates, so
 * that a collapsed configuration sits on the ETF vertices (docs/theory.md §8).
 *
 * @param coordinates dims × K: coordinates of the centred class means
 * @param etf dims × K: coordinates of the fitted simplex ETF's vertices
 * @param etfDeviation ‖M − s·Q(I − 11ᵀ/K)‖_F / ‖M‖_F (0 for an exact simplex ETF)
 */
record ClassMeanGeometry(Matrix coordinates, Matrix etf, double etfDeviation) {

    static ClassMeanGeometry of(Matrix features, Labels labels, int dims) {
        int k = labels.k();
        int m = features.cols();
        double[][] means = new double[k][m];
        int[] counts = labels.counts();
        for (int i = 0; i < features.rows(); i++) {
            int c = labels.label(i);
            for (int j = 0; j < m; j++) {
                means[c][j] += features.get(i, j) / counts[c];
            }
        }
        double[] global = new double[m];
        for (double[] mu : means) {
            for (int j = 0; j < m; j++) {
                global[j] += mu[j] / k;
            }
        }
        double[] centred = new double[m * k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < m; j++) {
                centred[j + c * m] = means[c][j] - global[j];
            }
        }
        return ofCentredMeans(Matrix.ofColumnMajor(m, k, centred), dims);
    }

    /** From the centred means M (m × K, columns sum to 0). */
    static ClassMeanGeometry ofCentredMeans(Matrix m, int dims) {
        int k = m.cols();
        Matrix simplex = Matrix.identity(k).minus(Matrix.ofColumnMajor(k, k, filled(k * k, 1.0 / k)));
        double norm = m.frobeniusNorm();
        if (!(norm > 0)) {
            return new ClassMeanGeometry(Matrix.zeros(dims, k), Matrix.zeros(dims, k), Double.NaN);
        }
        Matrix basis = petrieBasis(m).orElseGet(() -> {
            Svd svd = Decompositions.thinSvd(m);
            int r = Math.min(dims, svd.s().length);
            return svd.u().columns(0, r);
        });
        Svd proc = Decompositions.thinSvd(m.times(simplex.transpose()));
        Matrix q = proc.u().times(proc.v().transpose());
        double scale = 0;
        for (double s : proc.s()) {
            scale += s;
        }
        scale /= simplex.frobeniusNormSquared();
        Matrix etf = q.times(simplex).scale(scale);
        Matrix coords = basis.transposeTimes(m).padTo(dims, k);
        Matrix etfCoords = basis.transposeTimes(etf).padTo(dims, k);
        return new ClassMeanGeometry(coords, etfCoords, m.minus(etf).frobeniusNorm() / norm);
    }

    /** The Petrie-plane basis (m × 2), or empty when K < 3 or the means do not span it. */
    private static java.util.Optional<Matrix> petrieBasis(Matrix m) {
        int k = m.cols();
        if (k < 3) {
            return java.util.Optional.empty();
        }
        double[] c = new double[k];
        double[] sn = new double[k];
        for (int j = 0; j < k; j++) {
            c[j] = Math.cos(2 * Math.PI * j / k);
            sn[j] = Math.sin(2 * Math.PI * j / k);
        }
        double[] u1 = m.times(c);
        double[] u2 = m.times(sn);
        double n1 = norm(u1);
        if (!(n1 > 1e-12 * m.frobeniusNorm())) {
            return java.util.Optional.empty();
        }
        scaleInPlace(1 / n1, u1);
        double dot = dot(u1, u2);
        for (int i = 0; i < u1.length; i++) {
            u2[i] -= dot * u1[i];
        }
        double n2 = norm(u2);
        if (!(n2 > 1e-12 * m.frobeniusNorm())) {
            return java.util.Optional.empty();
        }
        scaleInPlace(1 / n2, u2);
        double[] both = new double[2 * u1.length];
        System.arraycopy(u1, 0, both, 0, u1.length);
        System.arraycopy(u2, 0, both, u1.length, u1.length);
        return java.util.Optional.of(Matrix.ofColumnMajor(u1.length, 2, both));
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
