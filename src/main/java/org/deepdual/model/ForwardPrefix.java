package org.deepdual.model;

import java.util.List;
import java.util.Objects;
import org.deepdual.linalg.Matrix;

/**
 * The first steps of a network's forward pass on one input, computed by the solver that built the network
 * from products it keeps anyway (docs/performance.md, "Statistics of closed-form cells"): for batch norm on
 * general X, the ReLU features {@code A_1 = relu(X W_1)} of the random first layer, the same for every β
 * and depth of a (data set, seed), and {@code H_2 = A_1 W_2} for each number of active atoms. Without it
 * every forward pass of such a network, one per sweep row, repeats the n × d × n product of the first
 * layer, which costs more than the solve and the statistics together.
 *
 * <p>Exactly what {@link Network#activations} would compute from the weights (the solver forms them with
 * the same products), or that up to rounding where it rescales a layer by a positive factor; a
 * {@link Network} uses them only for an input equal to {@code input} (the same object, or equal entries).
 *
 * @param input the input X these steps are for
 * @param activations A_1..A_k (k ≥ 0), each n × (width of layer l)
 * @param next the pre-activation of layer k + 1, {@code H_{k+1} = A_k W_{k+1}} (+ its bias), a hidden layer
 */
public record ForwardPrefix(Matrix input, List<Matrix> activations, Matrix next) {

    public ForwardPrefix {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(next, "next");
        activations = List.copyOf(activations);
    }

    /** Whether these steps are for input {@code x}: the same object, or failing that the same entries. */
    boolean isFor(Matrix x) {
        return x == input || x.equals(input);
    }

    /** The number k of layers whose activations are given. */
    int layers() {
        return activations.size();
    }

    /** The same steps with layer l scaled by {@code scales[l − 1] > 0}, which a ReLU and batch norm commute with. */
    public ForwardPrefix scaled(double[] scales) {
        double c = 1.0;
        List<Matrix> scaledActivations = new java.util.ArrayList<>(activations.size());
        for (int l = 0; l < activations.size(); l++) {
            c *= scales[l];
            scaledActivations.add(c == 1.0 ? activations.get(l) : activations.get(l).scale(c));
        }
        c *= scales[activations.size()];
        return new ForwardPrefix(input, scaledActivations, c == 1.0 ? next : next.scale(c));
    }
}
