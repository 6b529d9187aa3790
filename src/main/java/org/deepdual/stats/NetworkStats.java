package org.deepdual.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.RightSvd;
import org.deepdual.linalg.Svd;
import org.deepdual.solve.Network;

/**
 * All structure statistics of one network on one data set (math.md section 10): one
 * {@link LayerStats} per layer W_1..W_L, one {@link AlignmentStats} per consecutive pair
 * (W_l, W_{l+1}), the {@link Balance} residual, and, when the data set has class labels,
 * {@link CollapseStats} of the penultimate features A_{L−1} = net.features(X) with classifier W_L
 * (any output bias ignored, see {@link CollapseStats}).
 */
public record NetworkStats(List<LayerStats> layers, List<AlignmentStats> alignment, double balance,
        Optional<CollapseStats> collapse) {

    public NetworkStats {
        layers = List.copyOf(layers);
        alignment = List.copyOf(alignment);
        java.util.Objects.requireNonNull(collapse, "collapse");
    }

    /** The statistics of {@code net} on {@code data}, ranks and alignments at relative tolerance {@code rtol}. */
    public static NetworkStats of(Network net, Dataset data, double rtol) {
        if (net.layer(1).rows() != data.d()) {
            throw new IllegalArgumentException("network takes " + net.layer(1).rows() + " inputs but data set '"
                    + data.name() + "' has d = " + data.d());
        }
        NetworkStats weights = ofWeights(net, rtol);
        Optional<CollapseStats> collapse = data.labels().map(labels -> {
            Matrix features = net.features(data.x());
            return CollapseStats.of(features, net.layer(net.depth()), labels);
        });
        return new NetworkStats(weights.layers(), weights.alignment(), weights.balance(), collapse);
    }

    /**
     * The statistics of the weights alone (layers, alignments, balance; no collapse, which needs the
     * data). Each layer is decomposed once: its thin SVD serves its own {@link LayerStats} and both
     * pairs it belongs to; the first layer needs only its singular values and right vectors
     * ({@link Decompositions#rightSvd}, equal to its thin SVD's).
     */
    public static NetworkStats ofWeights(Network net, double rtol) {
        List<LayerStats> layers = new ArrayList<>();
        List<AlignmentStats> alignment = new ArrayList<>();
        RightSvd previous = null;
        for (int l = 1; l <= net.depth(); l++) {
            Matrix w = net.layer(l);
            if (!w.allFinite()) {
                throw new IllegalArgumentException("layer " + l + " " + w.shape() + " has NaN or infinite entries");
            }
            if (l == 1) {
                // no pair before it: its U is never used, and for a tall d×m first layer forming it
                // is most of the layer's decomposition
                previous = Decompositions.rightSvd(w);
                layers.add(LayerStats.of(w, previous, rtol));
                continue;
            }
            Svd svd = Decompositions.thinSvd(w);
            layers.add(LayerStats.of(w, svd.right(), rtol));
            alignment.add(AlignmentStats.between(previous, svd, rtol));
            previous = svd.right();
        }
        return new NetworkStats(layers, alignment, Balance.residual(net), Optional.empty());
    }
}
