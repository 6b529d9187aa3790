package org.deepdual.solve.linear;

import java.util.Optional;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.SymmetricEigen;

/**
 * The eigendecomposition G = V diag(λ) Vᵀ of a Gram matrix, largest first, read as the right singular
 * vectors and singular values s = √λ of X, with the condition estimate λ_max/λ_min of G (infinite when
 * λ_min ≤ 0). A Gramian squares X's condition number: eigenvalues of G are exact only to about
 * ε·λ_max, so s_i is reliable to relative error ε·κ(G) and the directions of the small ones degrade
 * alike. {@link #acceptable} therefore bounds κ(G).
 */
public record GramSpectrum(double[] singularValues, Matrix vectors, double condition) {

    /** Default bound on κ(G) = κ(X)²: s accurate to about 1e-8 relative, well inside the 1e-10 rank cut. */
    public static final double DEFAULT_MAX_CONDITION = 1e8;

    public static GramSpectrum of(GramFactors g) {
        SymmetricEigen e = Decompositions.eigSym(g.gram());
        int d = g.d();
        double[] s = new double[d];
        double[] vcols = new double[d * d];
        double[] q = e.vectors().toColumnMajor();
        for (int i = 0; i < d; i++) {
            int from = d - 1 - i;
            s[i] = Math.sqrt(Math.max(0, e.values()[from]));
            System.arraycopy(q, from * d, vcols, i * d, d);
        }
        double max = e.values()[d - 1];
        double min = e.values()[0];
        double condition = min > 0 ? max / min : Double.POSITIVE_INFINITY;
        return new GramSpectrum(s, Matrix.ofColumnMajor(d, d, vcols), condition);
    }

    /** The spectrum when κ(G) ≤ {@code maxCondition} (full column rank, well enough conditioned). */
    public static Optional<GramSpectrum> of(GramFactors g, double maxCondition) {
        GramSpectrum sp = of(g);
        return sp.acceptable(maxCondition) ? Optional.of(sp) : Optional.empty();
    }

    public boolean acceptable(double maxCondition) {
        return condition <= maxCondition;
    }
}
