package org.deepdual.solve.linear;

/**
 * The loss of a deep linear network with vector output in the coordinates of the thin SVD
 * {@code X = U diag(s) Vᵀ} (docs/theory.md §5): for W = V A with A (r × K),
 * {@code ½‖XW − Y‖² = ½‖diag(s)A − Z‖² + ½(‖Y‖² − ‖Z‖²)}, Z = UᵀY. Matrices are column-major arrays
 * of r × K entries: the iterative bounds touch them thousands of times per cell, so nothing here
 * allocates more than its result.
 */
final class RotatedLoss {
    final double[] s;
    /** Z = UᵀY, r × K. */
    final double[] z;
    final int r;
    final int k;
    /** ½(‖Y‖² − ‖Z‖²): the part no network reaches. */
    final double unreachable;
    /** ½‖Y‖², the value of the zero network. */
    final double half;
    /** ‖X‖₂² = s_1², the Lipschitz constant of the gradient. */
    final double lipschitz;
    /** ‖XᵀY‖₂ = ‖diag(s)Z‖₂: at γ ≥ it the nuclear-norm problem is solved by W = 0. */
    final double xtyNorm;
    private final double[] keep;
    private final double[] pull;

    RotatedLoss(double[] s, double[] z, int k, double targetSquares, double unreachable) {
        this.s = s.clone();
        this.z = z.clone();
        this.r = s.length;
        this.k = k;
        this.unreachable = unreachable;
        this.half = 0.5 * targetSquares;
        this.lipschitz = s[0] * s[0];
        this.keep = new double[r];
        this.pull = new double[r * k];
        for (int i = 0; i < r; i++) {
            keep[i] = 1 - s[i] * s[i] / lipschitz;
        }
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < r; i++) {
                pull[i + j * r] = s[i] * z[i + j * r] / lipschitz;
            }
        }
        this.xtyNorm = SmallSvd.of(scaleRows(z), r, k).s[0];
    }

    static RotatedLoss of(PreparedLinearData d) {
        return new RotatedLoss(d.s(), d.projectedTargets().toColumnMajor(), d.projectedTargets().cols(),
                d.targetSquares(), d.unreachableLoss());
    }

    /** ½‖diag(s)A − Z‖² + unreachable. */
    double loss(double[] a) {
        double sum = 0;
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < r; i++) {
                double e = s[i] * a[i + j * r] - z[i + j * r];
                sum += e * e;
            }
        }
        return 0.5 * sum + unreachable;
    }

    /** A − ∇/‖X‖₂², the gradient step of the loss with step 1/s_1². */
    double[] gradientStep(double[] a) {
        double[] out = new double[r * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < r; i++) {
                int ij = i + j * r;
                out[ij] = keep[i] * a[ij] + pull[ij];
            }
        }
        return out;
    }

    /** diag(s)·M for an r × K array. */
    double[] scaleRows(double[] m) {
        double[] out = new double[r * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < r; i++) {
                out[i + j * r] = s[i] * m[i + j * r];
            }
        }
        return out;
    }

    /** diag(1/s)Z: W = X⁺Y. */
    double[] leastSquares() {
        double[] out = new double[r * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < r; i++) {
                out[i + j * r] = z[i + j * r] / s[i];
            }
        }
        return out;
    }
}
