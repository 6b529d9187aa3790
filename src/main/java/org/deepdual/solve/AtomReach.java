package org.deepdual.solve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * The layers W_1..W_{L−1} before batch norm that make pre-BN column j equal to z_j up to a
 * positive scale and a constant shift, for every atom of a variant at once (math.md section 8,
 * assumption (E)). Two routes:
 * <ul>
 *   <li>rank X = n: {@code W_1 = X⁺(Z + 2)} (Xᵀ for whitened X), then identity layers; Z + 2 > 0
 *       because unit columns have entries in [−1, 1], so the ReLUs pass it unchanged;</li>
 *   <li>otherwise: the last pre-BN layer solves {@code P A W = P Z} by least squares on the
 *       centred features A (X for L = 2, {@code relu(X W_1)} of a random W_1 for L ≥ 3), with
 *       identity layers in between; an atom whose centred column is not in the range of P A is not
 *       reached, and (E) fails for it.</li>
 * </ul>
 * Nothing here depends on β or L beyond which atoms are active, so one instance serves a whole sweep.
 */
final class AtomReach {
    private final Optional<Matrix> rowInverseLayer;
    private final Optional<CentredFeatures> features;
    private final Matrix lastLayerAll;
    private final double[] residual;
    private final int n;

    private AtomReach(Optional<Matrix> rowInverseLayer, Optional<CentredFeatures> features, Matrix lastLayerAll,
            double[] residual, int n) {
        this.rowInverseLayer = rowInverseLayer;
        this.features = features;
        this.lastLayerAll = lastLayerAll;
        this.residual = residual;
        this.n = n;
    }

    /** Full row rank X: {@code W_1 = X⁺(Z + 2)}; the residual guards against an ill-conditioned X. */
    static AtomReach throughRowInverse(Matrix x, Matrix rowInverse, TargetAtoms atoms) {
        Matrix first = rowInverse.times(atoms.z().map(v -> v + 2.0));
        Matrix reached = CentredFeatures.centreColumns(x.times(first));
        return new AtomReach(Optional.of(first), Optional.empty(), first,
                relativeResiduals(reached, CentredFeatures.centreColumns(atoms.z())), x.rows());
    }

    /** Least squares on the centred features: W = (P A)⁺ P Z. */
    static AtomReach throughFeatures(CentredFeatures f, TargetAtoms atoms) {
        Matrix pz = CentredFeatures.centreColumns(atoms.z());
        Svd svd = f.centred();
        Matrix coeff = svd.u().transposeTimes(pz);
        double[] inv = Arrays.stream(svd.s()).map(s -> 1.0 / s).toArray();
        Matrix last = Decompositions.scaleColumns(svd.v(), inv).times(coeff);
        Matrix reached = svd.u().times(coeff);
        return new AtomReach(Optional.empty(), Optional.of(f), last, relativeResiduals(reached, pz), pz.rows());
    }

    private static double[] relativeResiduals(Matrix reached, Matrix target) {
        double[] out = new double[target.cols()];
        for (int j = 0; j < out.length; j++) {
            double[] a = reached.column(j);
            double[] b = target.column(j);
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < a.length; i++) {
                diff += (a[i] - b[i]) * (a[i] - b[i]);
                norm += b[i] * b[i];
            }
            out[j] = norm == 0 ? 0.0 : Math.sqrt(diff / norm);
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
        CentredFeatures f = features.get();
        String rank = "centred rank " + f.rank() + " (full: n − 1 = " + (n - 1) + ")";
        if (f.firstLayer().isEmpty()) {
            return "batch norm acts on X W_1 directly (L = " + depth + ") and X has " + rank + ", which";
        }
        return "the ReLU features relu(X W_1) of a random first layer of width " + f.width() + " have " + rank
                + ", which";
    }

    /** The width the layers before BN need: the number of active atoms, or n for random features. */
    int neededWidth(int active) {
        return features.flatMap(CentredFeatures::firstLayer).isPresent() ? Math.max(n, active) : active;
    }

    /** W_1..W_{L−1} for the first {@code active} atoms (assumes {@link #failure} is empty). */
    List<Matrix> layers(int active, int depth) {
        List<Matrix> out = new ArrayList<>(depth - 1);
        if (rowInverseLayer.isPresent()) {
            out.add(rowInverseLayer.get().columns(0, active));
            for (int l = 2; l <= depth - 1; l++) {
                out.add(Matrix.identity(active));
            }
            return out;
        }
        Optional<Matrix> first = features.get().firstLayer();
        if (first.isEmpty()) {
            if (depth != 2) {
                throw new IllegalStateException("features of X itself serve depth 2 only, got " + depth);
            }
            out.add(lastLayerAll.columns(0, active));
            return out;
        }
        out.add(first.get());
        for (int l = 2; l <= depth - 2; l++) {
            out.add(Matrix.identity(first.get().cols()));
        }
        out.add(lastLayerAll.columns(0, active));
        return out;
    }
}
