package org.deepdual.solve.rankone;

import org.deepdual.solve.core.PreparedData;
import java.util.Objects;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Svd;

/**
 * Rank-one data {@code X = c âᵀ} with unit â and scalar targets y, reduced as in docs/theory.md §7.1:
 * {@code relu(C M) = C relu(M)} for {@code C = [c₊, c₋]}, so the network only ever sees the two
 * features ĉ_± = c_±/‖c_±‖ with input scales {@code κ_± = ‖c_±‖} (‖â‖ = 1) and targets
 * {@code P_± = ⟨ĉ_±, y⟩}. A side with κ = 0 (c of one sign) has P = 0.
 */
public final class PreparedRankOne implements PreparedData {
    /** X counts as rank one when σ_2 ≤ this fraction of σ_1 (the cut-off of docs/theory.md §4). */
    static final double RANK_RTOL = 1e-10;

    private final Dataset data;
    private final double[] c;
    private final double[] a;
    private final double kappaPlus;
    private final double kappaMinus;
    private final double projPlus;
    private final double projMinus;
    private final double yNormSquared;

    PreparedRankOne(Dataset data) {
        this.data = Objects.requireNonNull(data, "data");
        if (data.outputs() != 1) {
            throw new IllegalArgumentException("y must have one column for setting relu-rank1 (docs/theory.md §7.1), got "
                    + data.y().shape());
        }
        Svd svd = Decompositions.thinSvd(data.x());
        double[] s = svd.s();
        if (s[0] == 0) {
            throw new IllegalArgumentException("x must have rank one for setting relu-rank1, got the zero matrix "
                    + data.x().shape());
        }
        if (s.length > 1 && s[1] > RANK_RTOL * s[0]) {
            throw new IllegalArgumentException("x must have rank one (X = c aᵀ) for setting relu-rank1, but σ_2/σ_1 = "
                    + String.format("%.3g", s[1] / s[0]) + " > " + RANK_RTOL);
        }
        this.a = svd.v().column(0);
        this.c = svd.u().column(0);
        for (int i = 0; i < c.length; i++) {
            c[i] *= s[0];
        }
        double[] y = data.y().column(0);
        double np = 0;
        double nm = 0;
        double dp = 0;
        double dm = 0;
        double yy = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] > 0) {
                np += c[i] * c[i];
                dp += c[i] * y[i];
            } else {
                nm += c[i] * c[i];
                dm -= c[i] * y[i];
            }
            yy += y[i] * y[i];
        }
        this.kappaPlus = Math.sqrt(np);
        this.kappaMinus = Math.sqrt(nm);
        this.projPlus = np > 0 ? dp / kappaPlus : 0.0;
        this.projMinus = nm > 0 ? dm / kappaMinus : 0.0;
        this.yNormSquared = yy;
    }

    @Override
    public Dataset data() {
        return data;
    }

    /** The unit row direction â of X = c âᵀ. */
    public double[] direction() {
        return a.clone();
    }

    /** The column factor c of X = c âᵀ. */
    public double[] column() {
        return c.clone();
    }

    /** κ₊ = ‖c₊‖. */
    public double kappaPlus() {
        return kappaPlus;
    }

    /** κ₋ = ‖c₋‖. */
    public double kappaMinus() {
        return kappaMinus;
    }

    /** P₊ = ⟨c₊/‖c₊‖, y⟩ (0 when c₊ = 0). */
    public double projPlus() {
        return projPlus;
    }

    /** P₋ = ⟨c₋/‖c₋‖, y⟩ (0 when c₋ = 0). */
    public double projMinus() {
        return projMinus;
    }

    /** ½‖y‖² − ½(P₊² + P₋²): the part of the loss no network on this X can remove. */
    double unreachableLoss() {
        return 0.5 * (yNormSquared - projPlus * projPlus - projMinus * projMinus);
    }
}
