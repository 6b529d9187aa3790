package org.deepdual.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.RightSvd;
import org.deepdual.linalg.Svd;
import org.deepdual.linalg.Vectors;
import org.deepdual.model.Activation;
import org.deepdual.model.Network;

/**
 * All structure statistics of one network on one data set (docs/theory.md §10): one
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
        return of(net, data, rtol, null);
    }

    /**
     * As {@link #of(Network, Dataset, double)}, with the penultimate features {@code net.features(data.x())}
     * already computed (for the forward objective of the same cell); null to compute them here if needed.
     */
    public static NetworkStats of(Network net, Dataset data, double rtol, Matrix features) {
        if (net.layer(1).rows() != data.d()) {
            throw new IllegalArgumentException("network takes " + net.layer(1).rows() + " inputs but data set '"
                    + data.name() + "' has d = " + data.d());
        }
        if (features != null && (features.rows() != data.n() || features.cols() != net.layer(net.depth()).rows())) {
            throw new IllegalArgumentException("features are " + features.shape() + ", expected " + data.n() + "x"
                    + net.layer(net.depth()).rows());
        }
        NetworkStats weights = ofWeights(net, rtol);
        // labels ±1 in one column (targets: signed) have K = 2 classes but one output: the collapse statistics,
        // which read one classifier column per class, are not defined for them
        Optional<CollapseStats> collapse = data.labels().filter(labels -> labels.k() == net.layer(net.depth()).cols())
                .map(labels -> CollapseStats.of(features != null ? features : net.features(data.x()),
                        net.layer(net.depth()), labels));
        return new NetworkStats(weights.layers(), weights.alignment(), weights.balance(), collapse);
    }

    /**
     * As {@link #of(Network, Dataset, double, Matrix)} for a linear chain (no activation, biases or batch
     * norm), with NC1–NC3 from the per-class moments of the inputs X ({@code inputMoments}, e.g. summed
     * over partitions once per data set) mapped by P = W_1⋯W_{L−1}: the penultimate features are H = XP,
     * so their class means are Pᵀμ_k and their within-class scatter is Pᵀ S_W P (docs/theory.md §10), and
     * no per-sample moments are formed. NC4 and the training accuracy are per-sample decisions: they come
     * from {@code features} (H, n × m) when given, with the class means of the moments; with null
     * features they are NaN and the collapse reason says they were not computed.
     */
    public static NetworkStats ofLinearChain(Network net, Dataset data, double rtol,
            ClassMomentsAccumulator inputMoments, Matrix features) {
        if (net.activation() != Activation.IDENTITY || net.batchNorm().isPresent() || !net.hiddenBiases().isEmpty()) {
            throw new IllegalArgumentException("statistics from input moments need a linear chain without biases"
                    + " or batch norm");
        }
        Labels labels = data.labels().orElseThrow(() -> new IllegalArgumentException("data set '" + data.name()
                + "' has no class labels: no collapse statistics"));
        if (inputMoments.dim() != data.d() || inputMoments.classes() != labels.k()
                || inputMoments.total() != data.n()) {
            throw new IllegalArgumentException("input moments of " + inputMoments.total() + " samples, "
                    + inputMoments.classes() + " classes x " + inputMoments.dim() + " dims do not match data set '"
                    + data.name() + "' (" + data.n() + " x " + data.d() + ", " + labels.k() + " classes)");
        }
        Matrix p = net.layer(1);
        for (int l = 2; l < net.depth(); l++) {
            p = p.times(net.layer(l));
        }
        Matrix classifier = net.layer(net.depth());
        ClassMomentsAccumulator moments = inputMoments.linearImage(p);
        CollapseStats collapse = features == null ? CollapseStats.fromMoments(moments, classifier)
                : CollapseStats.fromMoments(moments, classifier,
                        DecisionCounts.of(features, classifier, moments.classMeans(), labels.classOf()));
        NetworkStats weights = ofWeights(net, rtol);
        return new NetworkStats(weights.layers(), weights.alignment(), weights.balance(), Optional.of(collapse));
    }

    /**
     * The statistics of the weights alone (layers, alignments, balance; no collapse, which needs the
     * data). Each layer is decomposed once, on the block of its nonzero rows and columns
     * ({@link Decompositions#thinSvdOnSupport}): its SVD serves its own {@link LayerStats}, both
     * pairs it belongs to and, for a linear chain, both balance terms it enters
     * (W_lᵀW_l = V_l S_l² V_lᵀ, W_lW_lᵀ = U_l S_l² U_lᵀ); the first layer needs only its singular
     * values and right vectors ({@link Decompositions#rightSvd}). When the network carries the factored
     * form its solver built it from ({@link Network#factors()}) and that form passes the check of
     * {@link FactoredLayers}, its singular values and vectors take the place of the decompositions; otherwise,
     * or for a network without it ({@link Network#withoutFactors()}), the weights are decomposed.
     */
    public static NetworkStats ofWeights(Network net, double rtol) {
        Optional<Svd[]> known = FactoredLayers.verified(net);
        if (known.isPresent()) {
            return ofSvds(net, known.get(), rtol);
        }
        return ofDecompositions(net, rtol);
    }

    /**
     * The statistics of the weights from the SVDs of their factored form ({@link FactoredLayers}, verified
     * against the weights): the same computation as from the weights' own decompositions, without them.
     */
    private static NetworkStats ofSvds(Network net, Svd[] svds, double rtol) {
        int depth = net.depth();
        List<LayerStats> layers = new ArrayList<>(depth);
        List<AlignmentStats> alignment = new ArrayList<>(Math.max(0, depth - 1));
        RightSvd[] outputSides = new RightSvd[depth];
        double[] froSquared = new double[depth];
        for (int l = 1; l <= depth; l++) {
            outputSides[l - 1] = svds[l - 1].right();
            if (l > 1) {
                alignment.add(AlignmentStats.between(outputSides[l - 2], svds[l - 1], rtol));
            }
            double[] sigma = svds[l - 1].s();
            double sq = Vectors.normSquared(sigma);
            froSquared[l - 1] = sq;
            layers.add(LayerStats.fromSingularValues(sq, sigma, rtol));
        }
        double balance = net.batchNorm().isEmpty() && net.activation() == Activation.IDENTITY
                ? Balance.linearResidual(outputSides, svds, froSquared)
                : Balance.residual(net);
        return new NetworkStats(layers, alignment, balance, Optional.empty());
    }

    private static NetworkStats ofDecompositions(Network net, double rtol) {
        int depth = net.depth();
        List<LayerStats> layers = new ArrayList<>(depth);
        List<AlignmentStats> alignment = new ArrayList<>(Math.max(0, depth - 1));
        RightSvd[] outputSides = new RightSvd[depth];
        Svd[] inputSides = new Svd[depth];
        double[] froSquared = new double[depth];
        for (int l = 1; l <= depth; l++) {
            Matrix w = net.layer(l);
            try {
                if (l == 1) {
                    // no pair before it: its U is never used, and for a tall d×m first layer forming it
                    // is most of the layer's decomposition
                    outputSides[0] = Decompositions.rightSvd(w);
                } else {
                    Svd svd = Decompositions.thinSvdOnSupport(w);
                    inputSides[l - 1] = svd;
                    outputSides[l - 1] = svd.right();
                }
            } catch (IllegalArgumentException nonFinite) {
                // the decompositions' only refusal: a NaN or infinite entry (they check in the pass that finds the block)
                throw new IllegalArgumentException("layer " + l + " " + w.shape() + " has NaN or infinite entries",
                        nonFinite);
            }
            if (l > 1) {
                alignment.add(AlignmentStats.between(outputSides[l - 2], inputSides[l - 1], rtol));
            }
            // ‖W‖_F² = Σσ_i², from the decomposition rather than another pass over a tall layer
            double[] sigma = outputSides[l - 1].s();
            double sq = Vectors.normSquared(sigma);
            froSquared[l - 1] = sq;
            layers.add(LayerStats.fromSingularValues(sq, sigma, rtol));
        }
        double balance = net.batchNorm().isEmpty() && net.activation() == Activation.IDENTITY
                ? Balance.linearResidual(outputSides, inputSides, froSquared)
                : Balance.residual(net);
        return new NetworkStats(layers, alignment, balance, Optional.empty());
    }
}
