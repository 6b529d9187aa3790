package org.deepdual.stats;

import static org.deepdual.linalg.Vectors.dot;
import static org.deepdual.linalg.Vectors.norm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * Neural Collapse statistics of penultimate features (docs/theory.md §8 and §10), after
 * Papyan–Han–Donoho; this comment is the schema documentation of the {@code collapse} object.
 *
 * <p>Inputs: features H = A_{L−1} ∈ R^{n×m} (rows h_i; post-BN and post-ReLU for batch-norm
 * networks), classifier W_L ∈ R^{m×K} (column k scores class k) and labels y_i ∈ {0..K−1}, every
 * class present. Definitions and the conventions that differ between published implementations:
 * <ul>
 *   <li>μ_k is the mean of class k; the global mean μ_G = (1/K) Σ_k μ_k is the <em>unweighted mean of
 *       the class means</em> (equal to the sample mean only for balanced classes), so the ETF test
 *       stays meaningful under imbalance. M = [μ_1 − μ_G, …, μ_K − μ_G] ∈ R^{m×K}.</li>
 *   <li>Σ_W = (1/n) Σ_i (h_i − μ_{y_i})(h_i − μ_{y_i})ᵀ, Σ_B = (1/K) M Mᵀ.</li>
 *   <li>{@code nc1} = tr(Σ_W Σ_B⁺)/K, <em>divided by K</em>; the pseudo-inverse drops eigenvalues of
 *       Σ_B below 1e-10 times the largest ({@link #PINV_RTOL}).</li>
 *   <li>{@code nc2_equinorm} = std_k ‖M_k‖ / mean_k ‖M_k‖ with the <em>population</em> standard deviation
 *       (divisor K).</li>
 *   <li>{@code nc2_equiangular} = mean over ordered pairs k ≠ k' of |cos(M_k, M_k') + 1/(K−1)|.</li>
 *   <li>{@code nc2_etf_dev} = ‖G/‖G‖_F − (I − 11ᵀ/K)/√(K−1)‖_F with G = MᵀM.</li>
 *   <li>{@code nc3_raw} = ‖W_L/‖W_L‖_F − M/‖M‖_F‖_F (Papyan's self-duality), and {@code nc3_centered} the
 *       same with W_L(I − 11ᵀ/K). With squared loss, one-hot targets and no output bias the optimal
 *       classifier is an orthogonal frame, so at collapse nc3_raw = √(2 − 2√((K−1)/K)) (0.6058 for
 *       K = 3) and nc3_centered = 0.</li>
 *   <li>{@code nc4} = fraction of samples with argmax_k (h_i W_L)_k ≠ argmin_k ‖h_i − μ_k‖: the
 *       network's decision is taken <em>without output bias</em> (deepdual's classifiers have none);
 *       ties go to the lowest class index.</li>
 *   <li>{@code train_accuracy} = fraction of samples with argmax_k (h_i W_L)_k = y_i (same tie rule).</li>
 * </ul>
 *
 * <p>Degenerate features never throw: with one class (K = 1), with coinciding class means (M = 0 up
 * to 1e-12 relative, e.g. every path switched off) or with non-finite features, the Neural Collapse
 * fields are NaN (written as null) and {@code reason} says why; the training accuracy is still
 * reported when the features are finite. A zero classifier makes only the NC3 fields NaN, and a
 * class mean equal to μ_G makes only {@code nc2_equiangular} NaN, each with a reason. A class with
 * no sample is bad input and is refused ({@link Labels} already refuses it).
 */
public record CollapseStats(double nc1, double nc2Equinorm, double nc2Equiangular, double nc2EtfDev, double nc3Raw,
        double nc3Centered, double nc4, double trainAccuracy, Optional<String> reason) {

    /** Relative eigenvalue cut-off of the pseudo-inverse Σ_B⁺ in NC1. */
    public static final double PINV_RTOL = 1e-10;
    /** ‖M‖_F at most this times max_k ‖μ_k‖ counts as M = 0. */
    public static final double DEGENERATE_RTOL = 1e-12;

    /** The statistics of {@code features} (n × m) with classifier W_L (m × K) and labels (K classes). */
    public static CollapseStats of(Matrix features, Matrix classifier, Labels labels) {
        if (features.rows() != labels.n()) {
            throw new IllegalArgumentException("features have " + features.rows() + " rows for " + labels.n()
                    + " labels");
        }
        checkClassifier(features.cols(), labels.k(), classifier);
        if (!features.allFinite() || !classifier.allFinite()) {
            return degenerate("features or classifier have NaN or infinite entries", Double.NaN);
        }
        int[] y = labels.classOf();
        ClassMomentsAccumulator moments = ClassMomentsAccumulator.of(features, y, labels.k());
        return fromMoments(moments, classifier, DecisionCounts.of(features, classifier, moments.classMeans(), y));
    }

    /** Why NC4 and the training accuracy are missing from {@link #fromMoments(ClassMomentsAccumulator, Matrix)}. */
    public static final String NO_DECISIONS = "nc4 and train_accuracy not computed: they need a per-sample pass";

    /**
     * NC1–NC3 from accumulated moments alone; NC4 and the training accuracy, which need the samples'
     * decisions, are NaN with {@link #NO_DECISIONS} in the reason.
     */
    public static CollapseStats fromMoments(ClassMomentsAccumulator moments, Matrix classifier) {
        CollapseStats s = fromMoments(moments, classifier, new DecisionCounts(moments.total(), 0, 0));
        String reason = s.reason().map(r -> r + "; " + NO_DECISIONS).orElse(NO_DECISIONS);
        return new CollapseStats(s.nc1(), s.nc2Equinorm(), s.nc2Equiangular(), s.nc2EtfDev(), s.nc3Raw(),
                s.nc3Centered(), Double.NaN, Double.NaN, Optional.of(reason));
    }

    /**
     * The statistics from accumulated moments and decision counts (e.g. merged over partitions; the
     * counts must come from a pass that used these moments' class means).
     */
    public static CollapseStats fromMoments(ClassMomentsAccumulator moments, Matrix classifier,
            DecisionCounts decisions) {
        int k = moments.classes();
        int m = moments.dim();
        checkClassifier(m, k, classifier);
        for (int c = 0; c < k; c++) {
            if (moments.count(c) == 0) {
                throw new IllegalArgumentException("class " + c + " has no sample");
            }
        }
        if (decisions.samples() != moments.total()) {
            throw new IllegalArgumentException("decision counts cover " + decisions.samples() + " samples, moments "
                    + moments.total());
        }
        if (!classifier.allFinite()) {
            return degenerate("classifier has NaN or infinite entries", Double.NaN);
        }
        double accuracy = decisions.accuracy();
        if (k == 1) {
            return degenerate("one class: Neural Collapse needs K >= 2", accuracy);
        }
        Matrix means = moments.classMeans();
        Matrix centred = centreColumns(means);
        double maxMeanNorm = 0;
        double[] norms = new double[k];
        for (int c = 0; c < k; c++) {
            maxMeanNorm = Math.max(maxMeanNorm, norm(means.column(c)));
            norms[c] = norm(centred.column(c));
        }
        double normM = centred.frobeniusNorm();
        if (normM <= DEGENERATE_RTOL * maxMeanNorm) {
            return degenerate("class means coincide (M = 0): the features carry no class structure", accuracy);
        }
        List<String> reasons = new ArrayList<>();
        double nc1 = nc1(moments.withinScatter().scale(1.0 / moments.total()), centred);
        double equiangular = equiangular(centred, norms, normM, reasons);
        double[] nc3 = nc3(classifier, centred, normM, reasons);
        return new CollapseStats(nc1, equinorm(norms), equiangular, etfDeviation(centred), nc3[0], nc3[1],
                decisions.nc4(), accuracy,
                reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons)));
    }

    /** tr(Σ_W Σ_B⁺)/K = Σ_i u_iᵀΣ_W u_i/s_i² over the singular pairs of M kept by the cut-off. */
    private static double nc1(Matrix sigmaW, Matrix centred) {
        Svd svd = Decompositions.thinSvd(centred);
        double[] s = svd.s();
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] * s[i] > PINV_RTOL * s[0] * s[0])) {
                break;
            }
            double[] u = svd.u().column(i);
            double quad = dot(u, sigmaW.times(u));
            sum += quad / (s[i] * s[i]);
        }
        return sum;
    }

    private static double equinorm(double[] norms) {
        double mean = 0;
        for (double v : norms) {
            mean += v;
        }
        mean /= norms.length;
        double var = 0;
        for (double v : norms) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / norms.length) / mean;
    }

    private static double equiangular(Matrix centred, double[] norms, double normM, List<String> reasons) {
        int k = norms.length;
        for (int c = 0; c < k; c++) {
            if (norms[c] <= DEGENERATE_RTOL * normM) {
                reasons.add("class " + c + " mean equals the global mean: nc2_equiangular undefined");
                return Double.NaN;
            }
        }
        Matrix gram = centred.transposeTimes(centred);
        double sum = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                if (a != b) {
                    sum += Math.abs(gram.get(a, b) / (norms[a] * norms[b]) + 1.0 / (k - 1));
                }
            }
        }
        return sum / (k * (k - 1.0));
    }

    private static double etfDeviation(Matrix centred) {
        int k = centred.cols();
        Matrix gram = centred.transposeTimes(centred);
        double gNorm = gram.frobeniusNorm();
        Matrix target = Matrix.identity(k).minus(constant(k, k, 1.0 / k)).scale(1.0 / Math.sqrt(k - 1.0));
        return gram.scale(1.0 / gNorm).minus(target).frobeniusNorm();
    }

    /** {nc3_raw, nc3_centered}. */
    private static double[] nc3(Matrix w, Matrix centred, double normM, List<String> reasons) {
        int k = w.cols();
        Matrix mUnit = centred.scale(1.0 / normM);
        double wNorm = w.frobeniusNorm();
        if (wNorm == 0.0) {
            reasons.add("classifier W_L is zero: nc3 undefined");
            return new double[] {Double.NaN, Double.NaN};
        }
        double raw = w.scale(1.0 / wNorm).minus(mUnit).frobeniusNorm();
        Matrix wc = w.minus(w.times(constant(k, k, 1.0 / k)));
        double wcNorm = wc.frobeniusNorm();
        if (wcNorm <= DEGENERATE_RTOL * wNorm) {
            reasons.add("classifier columns are all equal: nc3_centered undefined");
            return new double[] {raw, Double.NaN};
        }
        return new double[] {raw, wc.scale(1.0 / wcNorm).minus(mUnit).frobeniusNorm()};
    }

    private static Matrix centreColumns(Matrix means) {
        int k = means.cols();
        return means.minus(means.times(constant(k, k, 1.0 / k)));
    }

    private static Matrix constant(int rows, int cols, double v) {
        double[] a = new double[rows * cols];
        java.util.Arrays.fill(a, v);
        return Matrix.ofColumnMajor(rows, cols, a);
    }

    private static CollapseStats degenerate(String reason, double accuracy) {
        double nan = Double.NaN;
        return new CollapseStats(nan, nan, nan, nan, nan, nan, nan, accuracy, Optional.of(reason));
    }

    private static void checkClassifier(int m, int k, Matrix classifier) {
        if (classifier.rows() != m || classifier.cols() != k) {
            throw new IllegalArgumentException("classifier is " + classifier.shape() + ", expected " + m + "x" + k
                    + " (feature width x classes)");
        }
    }
}
