package org.deepdual.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deepdual.model.DualProof;
import org.deepdual.model.GapTolerance;

/**
 * Checks one sweep row against the invariants of docs/theory.md §11 that a row can show on its own:
 * weak duality (D ≤ P), zero gap where the theory claims strong duality (docs/theory.md §3 table) and a
 * certificate there, a certificate only where the gap meets its tolerance, a positive gap where the
 * standard architecture must have one (invariant 4), the forward-pass value (invariant 2), the layer
 * structure — rank, alignment, balance (invariant 5) — the threshold behaviour of the rank (invariant 7)
 * and the simplex-ETF geometry (invariant 8). Tolerances are those of docs/theory.md §3
 * ({@link GapTolerance}); the checks along a β path are {@link PathInvariantCheck}'s.
 */
public final class InvariantCheck {
    /** Closed forms: gap and forward-pass tolerances relative to max(1, |P|). */
    public static final double CLOSED_FORM_GAP_TOL = GapTolerance.CLOSED_FORM;
    public static final double ITERATIVE_GAP_TOL = GapTolerance.ITERATIVE;
    public static final double CLOSED_FORM_FORWARD_TOL = 1e-8;
    public static final double ALIGNMENT_TOL = 1e-6;
    public static final double BALANCE_TOL = 1e-10;
    public static final double ETF_TOL = 1e-10;
    static final String ZERO_GAP = "zero duality gap (docs/theory.md §3)";
    static final String CERTIFIED_ZERO_GAP = "certified where the theory claims a zero gap (docs/theory.md §3, §11.3)";
    static final String CERTIFICATE_MEETS_TOLERANCE = "certified only within the gap tolerance (docs/theory.md §3)";

    private InvariantCheck() {
    }

    /** The violations of {@code row}; {@code prediction} is the rank threshold of its panel, if any. */
    public static List<Violation> check(CellRow row, Optional<RankPrediction> prediction, Optional<DatasetInfo> data) {
        List<Violation> out = new ArrayList<>();
        if (row.failed()) {
            return out;
        }
        CellParameters p = row.parameters();
        if (!CellParameters.SQUARED.equals(p.loss())) {
            // the rank thresholds (σ_i of UᵀY or Y against β) are squared-loss closed forms (docs/theory.md §14.4)
            prediction = Optional.empty();
        }
        String setting = p.setting();
        boolean iterative = row.tolerance() == GapTolerance.ITERATIVE;
        double scale = Math.max(1.0, Math.abs(row.primal()));
        double gapTol = row.tolerance();
        int k = k(row, data);
        int rank1 = row.layers().rankOf(1);

        if (!Double.isNaN(row.dual()) && !Double.isNaN(row.primal()) && row.dual() > row.primal() + gapTol * scale) {
            out.add(new Violation(row, "weak duality D ≤ P", "D ≤ P",
                    "D − P = " + Format.number(row.dual() - row.primal())));
        }
        boolean zeroGap = zeroGapExpected(row, k, data);
        boolean gapFlagged = false;
        if (row.optimal() && !Double.isNaN(row.dual())) {
            double rel = row.relativeGap();
            if (zeroGap && rel > gapTol) {
                gapFlagged = true;
                out.add(new Violation(row, ZERO_GAP, "(P − D)/max(1,|P|) ≤ " + Format.number(gapTol),
                        Format.number(rel)));
            }
            if (positiveGapExpected(setting, p.depth(), k, rank1) && !(rel > CLOSED_FORM_GAP_TOL)) {
                out.add(new Violation(row, "positive gap of the standard architecture (docs/theory.md §3, §11.4)",
                        "P − D > 0 with L ≥ 3 and rank(W_1) = " + rank1 + " ≥ 2", "relative gap " + Format.number(rel)));
            }
        }
        certificate(row, provenDual(row, data), zeroGap, gapFlagged, gapTol, out);
        if (row.optimal() && !Double.isNaN(row.forwardPrimal()) && !Double.isNaN(row.primal())) {
            double tol = iterative ? ITERATIVE_GAP_TOL : CLOSED_FORM_FORWARD_TOL;
            double diff = Math.abs(row.forwardPrimal() - row.primal()) / scale;
            if (diff > tol) {
                out.add(new Violation(row, "forward pass attains P (docs/theory.md §11.2)",
                        "|forward − P|/max(1,|P|) ≤ " + Format.number(tol), Format.number(diff)));
            }
        }
        if (row.optimal() && (setting.equals("linear") || setting.equals("relu-whitened"))) {
            structure(row, k, prediction, out);
        }
        if (row.optimal() && setting.equals("bn") && p.objective().equals("wd")) {
            prediction.filter(pr -> !pr.nearSwitch(p.depth(), p.beta())).ifPresent(pr -> {
                int last = row.layers().rankOf(p.depth());
                int want = pr.predictedRank(p.depth(), p.beta());
                if (last >= 0 && last != want) {
                    out.add(new Violation(row, "rank of W_L = #{σ_i(Y) > β} (docs/theory.md §8)", String.valueOf(want),
                            String.valueOf(last)));
                }
            });
        }
        etf(row, k, data, out);
        return out;
    }

    /** Columns of Y or classes: the row's own k, else the data set's. */
    static int k(CellRow row, Optional<DatasetInfo> data) {
        return row.k() > 0 ? row.k() : data.map(DatasetInfo::k).orElse(0);
    }

    /** Whether the row has a dual and it is a proven lower bound ({@link DualProof}; d from the data if need be). */
    static boolean provenDual(CellRow row, Optional<DatasetInfo> data) {
        int d = row.d() > 0 ? row.d() : data.map(DatasetInfo::d).orElse(0);
        return !Double.isNaN(row.dual()) && DualProof.proven(row.parameters().setting(), d, row.schemaVersion());
    }

    /**
     * docs/theory.md §3: an OPTIMAL cell where the theory claims a zero gap carries a certificate (unless
     * its gap was already flagged as too large), and a certificate is an OPTIMAL cell's proven dual within
     * the tolerance.
     */
    private static void certificate(CellRow row, boolean provenDual, boolean zeroGap, boolean gapFlagged,
            double gapTol, List<Violation> out) {
        if (row.optimal() && zeroGap && !row.certified() && !gapFlagged) {
            out.add(new Violation(row, CERTIFIED_ZERO_GAP, "certified = true",
                    Double.isNaN(row.dual()) ? "certified = false, no dual"
                            : "certified = false, relative gap " + Format.number(row.relativeGap())));
        }
        if (row.certified()) {
            double rel = row.relativeGap();
            if (!row.optimal() || !provenDual || !(Math.abs(rel) <= gapTol)) {
                out.add(new Violation(row, CERTIFICATE_MEETS_TOLERANCE, "OPTIMAL, proven dual, |P − D|/max(1,|P|) ≤ "
                        + Format.number(gapTol), "status " + row.status() + (provenDual
                                ? ", relative gap " + Format.number(rel) : ", no proven dual")));
            }
        }
    }

    /**
     * docs/theory.md §3, table: where the paper's dual is tight for the standard architecture. For
     * L ≥ 3 this is a property of the data, not of the primal optimum: a rank-one (or zero) primal
     * can still have a positive gap when the dual's nuclear-norm (or Huber) solution uses two
     * directions (docs/theory.md §5, the TC golden value with σ(W*) = (2.68, 0)). relu2 claims it only
     * where its dual is a proof (all patterns, d ≤ 2; docs/theory.md §9).
     */
    static boolean zeroGapExpected(CellRow row, int k, Optional<DatasetInfo> data) {
        CellParameters p = row.parameters();
        return switch (p.setting()) {
            case "linear" -> k == 1 || p.depth() == 2;
            case "relu-whitened" -> p.depth() == 2 || data.flatMap(d -> d.vector(RankPrediction.RELU_TARGETS))
                    .map(a -> Arrays.stream(a).filter(v -> v > 0).count() <= 1).orElse(false);
            case "relu2" -> provenDual(row, data);
            case "bn", "relu-1d" -> true;
            default -> false;
        };
    }

    /** docs/theory.md §11, invariant 4. */
    static boolean positiveGapExpected(String setting, int depth, int k, int rank1) {
        return switch (setting) {
            case "linear" -> depth >= 3 && k >= 2 && rank1 >= 2;
            case "relu-whitened" -> depth >= 3 && rank1 >= 2;
            default -> false;
        };
    }

    private static void structure(CellRow row, int k, Optional<RankPrediction> prediction, List<Violation> out) {
        CellParameters p = row.parameters();
        int[] ranks = row.layers().rank();
        if (ranks.length > 0 && !ranksMatch(ranks, ranks[0], k)) {
            out.add(new Violation(row, "equal rank in every layer (docs/theory.md §11.5)", "rank(W_l) = rank(W_1) for all l"
                    + (k > 0 && k < ranks[0] ? " < L, rank(W_L) = min(rank(W_1), K = " + k + ")" : ""),
                    "ranks " + Arrays.toString(ranks)));
        }
        if (p.setting().equals("linear") && k == 1 && Arrays.stream(ranks).anyMatch(r -> r > 1)) {
            out.add(new Violation(row, "rank-one layers, scalar output (docs/theory.md §4)", "rank ≤ 1",
                    "ranks " + Arrays.toString(ranks)));
        }
        prediction.filter(pr -> !pr.nearSwitch(p.depth(), p.beta())).ifPresent(pr -> {
            int want = pr.predictedRank(p.depth(), p.beta());
            if (ranks.length > 0 && !ranksMatch(ranks, want, k)) {
                out.add(new Violation(row, "rank = #{targets > s*(L, β)} (docs/theory.md §11.7)", String.valueOf(want),
                        "ranks " + Arrays.toString(ranks)));
            }
        });
        double[] sub = row.alignment().subspace();
        // with fewer outputs than paths (scalar y, two sign paths) W_L is a K-column map: its top-k
        // subspace alignment with W_{L−1} is not what the theory fixes, so the last pair is skipped
        int pairs = ranks.length >= 2 && k > 0 && k < ranks[ranks.length - 2] ? Math.min(sub.length, ranks.length - 2)
                : sub.length;
        for (int l = 0; l < pairs; l++) {
            boolean bothNonzero = l + 1 < ranks.length ? ranks[l] > 0 && ranks[l + 1] > 0 : true;
            if (bothNonzero && !Double.isNaN(sub[l]) && sub[l] < 1 - ALIGNMENT_TOL) {
                out.add(new Violation(row, "aligned consecutive layers (docs/theory.md §11.5)",
                        "subspace alignment of W_" + (l + 1) + ", W_" + (l + 2) + " = 1", Format.number(sub[l])));
                break;
            }
        }
        if (p.objective().equals("wd") && !Double.isNaN(row.balance()) && row.balance() > BALANCE_TOL) {
            out.add(new Violation(row, "balanced layers (docs/theory.md L4)", "balance residual ≤ " + Format.number(BALANCE_TOL),
                    Format.number(row.balance())));
        }
    }

    /**
     * rank(W_l) = r for the hidden layers and min(r, K) for the output layer W_L (it has K columns;
     * docs/theory.md §6: a scalar-output net with two sign paths has rank-2 hidden layers and a
     * rank-one W_L).
     */
    static boolean ranksMatch(int[] ranks, int r, int k) {
        for (int l = 0; l < ranks.length; l++) {
            int want = l == ranks.length - 1 && k > 0 ? Math.min(r, k) : r;
            if (ranks[l] != want) {
                return false;
            }
        }
        return true;
    }

    /** docs/theory.md §11, invariant 8, where the data are one-hot and balanced and every class path is on. */
    private static void etf(CellRow row, int k, Optional<DatasetInfo> data, List<Violation> out) {
        if (!row.optimal() || row.collapse().isEmpty() || k < 2 || data.isEmpty()
                || !CellParameters.SQUARED.equals(row.parameters().loss())) {
            // the collapsed geometry (and NC3_raw's constant) of docs/theory.md §8 is derived for the squared loss
            return;
        }
        Optional<double[]> counts = data.get().vector(java.util.List.of("class_counts", "counts"));
        if (counts.isEmpty() || counts.get().length != k || Arrays.stream(counts.get()).distinct().count() != 1) {
            return;
        }
        double perClass = counts.get()[0];
        CellParameters p = row.parameters();
        boolean collapsed = switch (p.setting()) {
            case "bn" -> p.beta() < Math.sqrt(perClass);
            case "relu-whitened" -> row.layers().rankOf(1) == k;
            default -> false;
        };
        if (!collapsed) {
            return;
        }
        CellRow.CollapseMetrics c = row.collapse().get();
        double[] zeros = {c.nc1(), c.nc2Equinorm(), c.nc2Equiangular(), c.nc2EtfDev(), c.nc3Centered(), c.nc4()};
        String[] names = {"NC1", "NC2 equinorm", "NC2 equiangular", "NC2 ETF deviation", "NC3 centered", "NC4"};
        for (int i = 0; i < zeros.length; i++) {
            if (!Double.isNaN(zeros[i]) && Math.abs(zeros[i]) > ETF_TOL) {
                out.add(new Violation(row, "simplex ETF, Neural Collapse (docs/theory.md §8, §11.8)",
                        names[i] + " ≤ " + Format.number(ETF_TOL), names[i] + " = " + Format.number(zeros[i])));
                return;
            }
        }
        double raw = Math.sqrt(2 - 2 * Math.sqrt((k - 1.0) / k));
        if (!Double.isNaN(c.nc3Raw()) && Math.abs(c.nc3Raw() - raw) > 1e-8) {
            out.add(new Violation(row, "simplex ETF, Neural Collapse (docs/theory.md §8, §11.8)",
                    "NC3 raw = √(2−2√((K−1)/K)) = " + Format.number(raw), Format.number(c.nc3Raw())));
        }
    }
}
