package org.deepdual.stats;

import java.io.Serializable;
import org.deepdual.linalg.Matrix;

/**
 * The sample counts behind NC4 and the training accuracy (docs/theory.md §10): how many samples
 * there are, on how many the network's decision {@code argmax_k (h_i W_L)_k} differs from the
 * nearest class centre {@code argmin_k ‖h_i − μ_k‖}, and on how many the network's decision is the
 * sample's label. Ties go to the lowest class index (as numpy's argmax). Mergeable by {@link #plus},
 * so a second pass over partitioned features can produce it once the class means are known.
 */
public record DecisionCounts(long samples, long nearestCentreDisagreements, long correct) implements Serializable {

    public DecisionCounts {
        if (samples < 0 || nearestCentreDisagreements < 0 || correct < 0 || nearestCentreDisagreements > samples
                || correct > samples) {
            throw new IllegalArgumentException("inconsistent decision counts: samples " + samples
                    + ", disagreements " + nearestCentreDisagreements + ", correct " + correct);
        }
    }

    /**
     * Counts over the rows of {@code features} (n × m) with classifier W_L (m × K), class means
     * (m × K, column k = μ_k) and labels in 0..K−1.
     */
    public static DecisionCounts of(Matrix features, Matrix classifier, Matrix classMeans, int[] labels) {
        if (features.cols() != classifier.rows()) {
            throw new IllegalArgumentException("features are " + features.shape() + " but the classifier is "
                    + classifier.shape());
        }
        if (classMeans.rows() != features.cols() || classMeans.cols() != classifier.cols()) {
            throw new IllegalArgumentException("class means are " + classMeans.shape() + ", expected "
                    + features.cols() + "x" + classifier.cols());
        }
        if (labels.length != features.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + features.rows() + " feature rows");
        }
        int k = classifier.cols();
        Matrix scores = features.times(classifier);
        // ‖h − μ_k‖² = ‖h‖² − 2hᵀμ_k + ‖μ_k‖²; the ‖h‖² term does not change the argmin
        Matrix cross = features.times(classMeans);
        double[] meanSq = new double[k];
        for (int c = 0; c < k; c++) {
            for (double v : classMeans.column(c)) {
                meanSq[c] += v * v;
            }
        }
        long disagree = 0;
        long correct = 0;
        for (int i = 0; i < features.rows(); i++) {
            int predicted = 0;
            int nearest = 0;
            double bestScore = scores.get(i, 0);
            double bestDist = meanSq[0] - 2 * cross.get(i, 0);
            for (int c = 1; c < k; c++) {
                double s = scores.get(i, c);
                if (s > bestScore) {
                    bestScore = s;
                    predicted = c;
                }
                double dist = meanSq[c] - 2 * cross.get(i, c);
                if (dist < bestDist) {
                    bestDist = dist;
                    nearest = c;
                }
            }
            if (predicted != nearest) {
                disagree++;
            }
            if (predicted == labels[i]) {
                correct++;
            }
        }
        return new DecisionCounts(features.rows(), disagree, correct);
    }

    public DecisionCounts plus(DecisionCounts other) {
        return new DecisionCounts(samples + other.samples, nearestCentreDisagreements + other.nearestCentreDisagreements,
                correct + other.correct);
    }

    /** NC4: the fraction of samples where the network and the nearest class centre disagree. */
    public double nc4() {
        return samples == 0 ? Double.NaN : (double) nearestCentreDisagreements / samples;
    }

    public double accuracy() {
        return samples == 0 ? Double.NaN : (double) correct / samples;
    }
}
