package org.deepdual.solve.batchnorm;

import static org.deepdual.linalg.Vectors.norm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.model.ForwardPrefix;
import org.deepdual.model.LayerFactors;

/**
 * The layers W_1..W_{L−1} before batch norm that make pre-BN column j equal to z_j up to a
 * positive scale and a constant shift, for every atom of a variant at once (docs/theory.md §8,
 * assumption (E)). Z + 2 > 0 because unit columns have entries in [−1, 1], so ReLUs pass it
 * unchanged. Three routes:
 * <ul>
 *   <li>rank X = n: {@code W_1 = X⁺(Z + 2)} (Xᵀ for whitened X), then identity layers;</li>
 *   <li>L = 2, rank X &lt; n: {@code W_1 = (P X)⁺ P Z}, BN acting on X W_1 directly; only atoms
 *       whose centred column lies in the range of P X are reached;</li>
 *   <li>L ≥ 3, rank X &lt; n: a random first layer of width n, {@code W_2 = A_1⁺(Z + 2)} on its
 *       ReLU features {@code A_1 = relu(X W_1)} (reached exactly when rank A_1 = n), then identity
 *       layers of width J, so no layer after the first is wider than the number of atoms.</li>
 * </ul>
 * An atom that is not reached to {@link PreparedBatchNorm#REACH_RTOL} makes (E) fail for it. Nothing
 * here depends on β or L beyond which atoms are active, so one instance serves a whole sweep.
 */
final class AtomReach {
    private final Optional<FeatureBasis> features;
    private final Matrix solvedAll;
    private final double[] residual;
    private final int n;
    /** The SVD of the random first layer and of each prefix of solvedAll's columns, each computed once. */
    private volatile LayerFactors firstLayerFactors;
    private final java.util.concurrent.ConcurrentHashMap<Integer, LayerFactors> solvedFactors =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<Integer, Matrix> solvedMatrices =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Per number of active atoms, the forward prefix on X of the random-feature route; at most one per atom. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, ForwardPrefix> prefixes =
            new java.util.concurrent.ConcurrentHashMap<>();

    private AtomReach(Optional<FeatureBasis> features, Matrix solvedAll, double[] residual, int n) {
        this.features = features;
        this.solvedAll = solvedAll;
        this.residual = residual;
        this.n = n;
    }

    /** Full row rank X: {@code W_1 = X⁺(Z + 2)}; the residual guards against an ill-conditioned X. */
    static AtomReach throughRowInverse(Matrix x, Matrix rowInverse, TargetAtoms atoms) {
        Matrix target = atoms.z().map(v -> v + 2.0);
        Matrix first = rowInverse.times(target);
        return new AtomReach(Optional.empty(), first, residuals(x.times(first), target, atoms.z(), false), x.rows());
    }

    /** Least squares on the features: (P X)⁺ P Z for X itself, A_1⁺(Z + 2) for ReLU features. */
    static AtomReach throughFeatures(FeatureBasis f, TargetAtoms atoms) {
        Matrix target = f.centred() ? FeatureBasis.centreColumns(atoms.z()) : atoms.z().map(v -> v + 2.0);
        Svd svd = f.basis();
        Matrix coeff = svd.u().transposeTimes(target);
        double[] inv = Arrays.stream(svd.s()).map(s -> 1.0 / s).toArray();
        Matrix solved = Decompositions.scaleColumns(svd.v(), inv).times(coeff);
        return new AtomReach(Optional.of(f), solved, residuals(f.features().times(solved), target, atoms.z(),
                f.centred()), target.rows());
    }

    /**
     * Per atom, the error of the column the layers actually produce, relative to what BN needs: the centred error against
     * ‖P z_j‖ (BN's input direction), and for uncentred targets also the error against ‖z_j + 2‖
     * (the column must stay positive through a following ReLU).
     */
    private static double[] residuals(Matrix reached, Matrix target, Matrix z, boolean centredTarget) {
        Matrix error = reached.minus(target);
        Matrix centredError = FeatureBasis.centreColumns(error);
        Matrix centredZ = FeatureBasis.centreColumns(z);
        double[] out = new double[z.cols()];
        for (int j = 0; j < out.length; j++) {
            double pz = norm(centredZ.column(j));
            double r = pz == 0 ? 0.0 : norm(centredError.column(j)) / pz;
            if (!centredTarget) {
                r = Math.max(r, norm(error.column(j)) / norm(target.column(j)));
            }
            out[j] = r;
        }
        return out;
    }


    /** Why the first {@code active} atoms cannot all be reached at depth L, or empty when they can. */
    Optional<String> failure(int active, int depth) {
        for (int j = 0; j < active; j++) {
            if (!(residual[j] <= PreparedBatchNorm.REACH_RTOL)) {
                return Optional.of("expressivity condition fails: " + what(depth) + " misses pre-BN column "
                        + (j + 1) + " by relative residual " + String.format("%.3g", residual[j]));
            }
        }
        return Optional.empty();
    }

    private String what(int depth) {
        if (features.isEmpty()) {
            return "X has full row rank but X X⁺ is too far from the identity (ill-conditioned X), so W_1 = X⁺(Z + 2)";
        }
        FeatureBasis f = features.get();
        if (f.centred()) {
            return "batch norm acts on X W_1 directly (L = " + depth + ") and centred X has rank " + f.rank()
                    + " (full: n − 1 = " + (n - 1) + "), which";
        }
        return "the ReLU features relu(X W_1) of random first-layer neurons reach rank " + f.rank()
                + " only (full: n = " + n + "), which";
    }

    /** The width the layers before BN need: the number of active atoms, or n for random features. */
    int neededWidth(int active) {
        return features.flatMap(FeatureBasis::firstLayer).isPresent() ? Math.max(n, active) : active;
    }

    /** W_1..W_{L−1} for the first {@code active} atoms (assumes {@link #failure} is empty). */
    List<Matrix> layers(int active, int depth) {
        List<Matrix> out = new ArrayList<>(depth - 1);
        Optional<Matrix> random = features.flatMap(FeatureBasis::firstLayer);
        if (features.isPresent() && random.isEmpty() && depth != 2) {
            throw new IllegalStateException("features of X itself serve depth 2 only, got " + depth);
        }
        random.ifPresent(out::add);
        out.add(solvedColumns(active));
        while (out.size() < depth - 1) {
            out.add(Matrix.identity(active));
        }
        return out;
    }

    /**
     * The factored form (model.LayerFactors) of {@link #layers}: the SVDs of the random first layer and of the
     * solved layer, each computed once per instance (they depend on neither β nor L beyond the active atoms),
     * and the identities after them.
     */
    List<LayerFactors> layerFactors(int active, int depth) {
        List<LayerFactors> out = new ArrayList<>(depth - 1);
        Optional<Matrix> random = features.flatMap(FeatureBasis::firstLayer);
        if (random.isPresent()) {
            LayerFactors f = firstLayerFactors;
            if (f == null) {
                f = svdFactors(random.get());
                firstLayerFactors = f;
            }
            out.add(f);
        }
        out.add(solvedFactors.computeIfAbsent(active, j -> svdFactors(solvedColumns(j))));
        if (out.size() < depth - 1) {
            double[] ones = new double[active];
            Arrays.fill(ones, 1.0);
            LayerFactors identity = LayerFactors.diagonal(ones);
            while (out.size() < depth - 1) {
                out.add(identity);
            }
        }
        return out;
    }

    /**
     * The first steps of the forward pass on X of the network of {@link #layers} (before any tc scaling): for
     * the random-feature route, the features {@code A_1 = relu(X W_1)} this instance was solved on and
     * {@code H_2 = A_1 W_2}, formed by the same products as a forward pass from the weights, so that the
     * network's forward passes skip the n × d × n product of its first layer; once per number of active
     * atoms. Empty for the other routes, whose first product is small.
     */
    Optional<ForwardPrefix> forwardPrefix(int active, Matrix x) {
        Optional<FeatureBasis> f = features.filter(b -> b.firstLayer().isPresent());
        if (f.isEmpty()) {
            return Optional.empty();
        }
        Matrix a1 = f.get().features();
        return Optional.of(prefixes.computeIfAbsent(active,
                j -> new ForwardPrefix(x, List.of(a1), a1.times(solvedColumns(j)))));
    }

    /**
     * The solved layer for the first {@code active} atoms, one object per count: every network with that many
     * active atoms shares it (and the statistics remember its check by identity).
     */
    private Matrix solvedColumns(int active) {
        return solvedMatrices.computeIfAbsent(active, j -> solvedAll.columns(0, j));
    }

    private static LayerFactors svdFactors(Matrix w) {
        Svd svd = Decompositions.thinSvd(w);
        return new LayerFactors(svd.u(), svd.s(), svd.v());
    }
}
