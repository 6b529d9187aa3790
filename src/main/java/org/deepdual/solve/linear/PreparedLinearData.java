package org.deepdual.solve.linear;

import org.deepdual.solve.core.PreparedData;
import java.util.Objects;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * The per-data-set precomputation of the deep linear settings (docs/theory.md §4, §5 and §12): the
 * thin SVD {@code X = U diag(s) Vᵀ} cut at rank r (σ_i &lt; 1e-10·σ_1 dropped), the projected
 * targets {@code Z = UᵀY} (r × K; for scalar output the vector c = Uᵀy), the residual
 * {@code ½(‖Y‖² − ‖Z‖²)} no network can fit, and for vector output the SVD of Z. X counts as
 * whitened when all its nonzero singular values are equal (to 1e-9 relative), the case of the exact
 * closed form of docs/theory.md §5. For whitened X with vector output it also keeps Z's left singular
 * vectors U_Z carried into input space (V U_Z) and sample space (U U_Z): every cell's weights and
 * dual variable are built from columns of these, so no cell multiplies by V or U again.
 */
public final class PreparedLinearData implements PreparedData {
    /** Singular values below this fraction of σ_1 are treated as zero (docs/theory.md §4). */
    public static final double RANK_RTOL = 1e-10;
    /** Relative spread of the nonzero singular values below which X counts as whitened. */
    public static final double WHITENED_RTOL = 1e-9;

    private final Dataset data;
    private final Matrix u;
    private final double[] s;
    private final Matrix v;
    private final Matrix z;
    private final double ySquared;
    private final double unreachable;
    private final boolean whitened;
    private final Svd zSvd;
    private final RidgePath ridgePath;
    private final Matrix inputDirections;
    private final Matrix sampleDirections;

    private PreparedLinearData(Dataset data) {
        this(data, Decompositions.thinSvd(data.x()));
    }

    private PreparedLinearData(Dataset data, Svd svd) {
        this(data, svd.truncate(svd.rank(RANK_RTOL)), null);
    }

    /** From the cut SVD of X; {@code z} = UᵀY when already known (the Gram path), else computed. */
    private PreparedLinearData(Dataset data, Svd cut, Matrix knownZ) {
        this.data = Objects.requireNonNull(data, "data");
        int r = cut.s().length;
        this.u = cut.u();
        this.s = cut.s();
        this.v = cut.v();
        this.z = knownZ != null ? knownZ : u.transposeTimes(data.y());
        this.ySquared = data.y().frobeniusNormSquared();
        this.unreachable = Math.max(0.0, 0.5 * (ySquared - z.frobeniusNormSquared()));
        boolean equal = r > 0;
        for (int i = 0; i < r; i++) {
            equal &= s[0] - s[i] <= WHITENED_RTOL * s[0];
        }
        this.whitened = equal;
        this.zSvd = data.outputs() > 1 && r > 0 ? Decompositions.thinSvd(z) : null;
        this.ridgePath = data.outputs() == 1 && r > 0 ? new RidgePath(s, z.column(0), ySquared, unreachable) : null;
        boolean closedForm = zSvd != null && whitened;
        this.inputDirections = closedForm ? v.times(zSvd.u()) : null;
        this.sampleDirections = closedForm ? u.times(zSvd.u()) : null;
    }

    /** Computes the SVD of X (and of UᵀY for vector output) once. */
    public static PreparedLinearData of(Dataset data) {
        return new PreparedLinearData(data);
    }

    /**
     * The same preparation from the Gram factors G = XᵀX and C = XᵀY (summed on the executors):
     * G = V diag(s²) Vᵀ gives V and s, then Z = UᵀY = diag(s)⁻¹VᵀC and U = X V diag(s)⁻¹, one n × d
     * product instead of an n-row SVD. A Gramian squares the condition number, so this path is taken only
     * when X has full column rank and the estimate λ_max/λ_min of G is at most {@code maxCondition}; for
     * anything worse it returns empty and the caller prepares densely (docs/performance.md).
     */
    public static java.util.Optional<PreparedLinearData> fromGram(Dataset data, GramFactors g, double maxCondition) {
        if (g.n() != data.n() || g.d() != data.d() || g.k() != data.outputs()) {
            throw new IllegalArgumentException("Gram factors of n = " + g.n() + ", d = " + g.d() + ", K = " + g.k()
                    + " do not belong to data set '" + data.name() + "' (" + data.x().shape() + ", K = "
                    + data.outputs() + ")");
        }
        java.util.Optional<GramSpectrum> spectrum = GramSpectrum.of(g, maxCondition);
        if (spectrum.isEmpty()) {
            return java.util.Optional.empty();
        }
        GramSpectrum sp = spectrum.get();
        Matrix v = sp.vectors();
        double[] s = sp.singularValues();
        double[] inv = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            inv[i] = 1 / s[i];
        }
        Matrix vScaled = Decompositions.scaleColumns(v, inv);
        Matrix u = data.x().times(vScaled);
        Matrix z = vScaled.transposeTimes(g.cross());
        return java.util.Optional.of(new PreparedLinearData(data, new Svd(u, s, v), z));
    }

    @Override
    public Dataset data() {
        return data;
    }

    /** r, the numerical rank of X. */
    public int rank() {
        return s.length;
    }

    /** The nonzero singular values of X, non-increasing. */
    public double[] singularValues() {
        return s.clone();
    }

    double[] s() {
        return s;
    }

    /** U (n × r). */
    public Matrix u() {
        return u;
    }

    /** V (d × r). */
    public Matrix v() {
        return v;
    }

    /** Z = UᵀY (r × K). */
    public Matrix projectedTargets() {
        return z;
    }

    /** ‖Y‖_F². */
    public double targetSquares() {
        return ySquared;
    }

    /** ½(‖Y‖² − ‖UᵀY‖²), the part of the loss outside the column space of X. */
    public double unreachableLoss() {
        return unreachable;
    }

    /** Whether every nonzero singular value of X equals σ_1 (docs/theory.md §5). */
    public boolean whitened() {
        return whitened;
    }

    /** K = 1. */
    public boolean scalarOutput() {
        return data.outputs() == 1;
    }

    /** The ridge path of docs/theory.md §4, for scalar output on a data set of rank ≥ 1. */
    RidgePath ridgePath() {
        if (ridgePath == null) {
            throw new IllegalStateException("the ridge path exists for scalar output on data of rank >= 1 only");
        }
        return ridgePath;
    }

    /** The SVD of Z = UᵀY, for vector output on a data set of rank ≥ 1. */
    Svd projectedTargetSvd() {
        if (zSvd == null) {
            throw new IllegalStateException("the SVD of U^T Y exists for vector output on data of rank >= 1 only");
        }
        return zSvd;
    }

    /** V U_Z (d × min(r, K)): the left singular vectors of Z in input space, for whitened X with vector output. */
    Matrix inputDirections() {
        if (inputDirections == null) {
            throw new IllegalStateException("V U_Z is kept for whitened X with vector output only");
        }
        return inputDirections;
    }

    /** U U_Z (n × min(r, K)): the left singular vectors of Z in sample space, for whitened X with vector output. */
    Matrix sampleDirections() {
        if (sampleDirections == null) {
            throw new IllegalStateException("U U_Z is kept for whitened X with vector output only");
        }
        return sampleDirections;
    }
}
