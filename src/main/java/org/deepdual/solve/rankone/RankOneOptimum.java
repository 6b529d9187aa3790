package org.deepdual.solve.rankone;

import org.deepdual.solve.core.PowerProx;

/**
 * The reduced rank-one ReLU problem of docs/theory.md §7.1 and its global minimiser. The network's
 * output is {@code s₊A·c₊ + s₋B·c₋} with s_± = sign(P_±) and end-to-end gains A, B ≥ 0, and the
 * objective is
 * {@code ½‖y‖² − ½(P₊² + P₋²) + ½(κ₊A − |P₊|)² + ½(κ₋B − |P₋|)² + R(A, B)} with the cost R of the
 * cheapest structure:
 * <ul>
 *   <li>separate paths, one per sign of c: {@code R = (Lβ/2)(A^{2/L} + B^{2/L})}; each path is a
 *       scalar deep-linear problem and A = prox_pow(|P|; L, βκ^{−2/L})/κ;</li>
 *   <li>one shared path (L ≥ 3 and P₊P₋ > 0 only): two first-layer neurons merged by layer 2.
 *       Minimising docs/theory.md's cost {@code β/2(p² + q²) + [deep-linear WD cost of L−1 layers on
 *       diag(κ₊p, κ₋q)]} over (p, q) and the merged chain in closed form (Cauchy–Schwarz over the
 *       mixing direction, AM–GM over the layer gains) gives exactly {@code R = (Lβ/2)(A + B)^{2/L}},
 *       with {@code p = √A·S^{(2−L)/(2L)}}, {@code q = √B·S^{(2−L)/(2L)}} and every later layer of
 *       gain {@code S^{1/L}}, S = A + B. Since (A+B)^{2/L} ≤ A^{2/L} + B^{2/L} for L ≥ 3, the shared
 *       path wins whenever both sides are active with the same sign.</li>
 * </ul>
 * The shared problem in S = A + B is piecewise {@code ½(S − c)²/d + (Lβ/2)S^{2/L}} (one piece per
 * support), whose stationary points are the roots of {@code S + βd·S^{2/L−1} = c}; the minimum is
 * taken over those roots, the piece boundary and S = 0, so it is exact, not a search.
 *
 * @param structure which paths carry the optimum
 * @param plus A ≥ 0, the end-to-end gain of the c₊ feature
 * @param minus B ≥ 0, the end-to-end gain of the c₋ feature
 * @param penalty (β/2)Σ‖W_l‖² of the optimal network
 * @param value the optimal objective
 */
record RankOneOptimum(Structure structure, double plus, double minus, double penalty, double value) {

    /** Which paths are active at the optimum. */
    enum Structure {
        /** Every layer zero: value ½‖y‖². */
        ZERO,
        /** One feature only (one sign of c active): a scalar deep-linear chain. */
        ONE_PATH,
        /** One path per sign of c: W_1 rank one, later layers 2×2 diagonal. */
        TWO_PATHS,
        /** Both signs merged at layer 2 into one chain: W_1 rank one, W_2 and later rank one. */
        SHARED
    }

    static RankOneOptimum of(PreparedRankOne p, int depth, double beta) {
        RankOneOptimum separate = separate(p, depth, beta);
        boolean sharable = depth >= 3 && p.kappaPlus() > 0 && p.kappaMinus() > 0
                && p.projPlus() * p.projMinus() > 0;
        if (!sharable) {
            return separate;
        }
        RankOneOptimum shared = shared(p, depth, beta);
        return shared.value < separate.value ? shared : separate;
    }

    /**
     * The common Frobenius norm of every layer of the balanced optimal network (t* of docs/theory.md L3):
     * {@code √(A^{2/L} + B^{2/L})} for separate paths, {@code (A + B)^{1/L}} for the shared path.
     */
    double layerNorm(int depth) {
        if (structure == Structure.SHARED) {
            return Math.pow(plus + minus, 1.0 / depth);
        }
        return Math.sqrt(power(plus, depth) + power(minus, depth));
    }

    private static RankOneOptimum separate(PreparedRankOne p, int depth, double beta) {
        double a = sideGain(p.kappaPlus(), p.projPlus(), depth, beta);
        double b = sideGain(p.kappaMinus(), p.projMinus(), depth, beta);
        double penalty = 0.5 * depth * beta * (power(a, depth) + power(b, depth));
        return build(p, a, b, penalty, false);
    }

    /** prox_pow(|P|; L, βκ^{−2/L})/κ: the scalar deep-linear path of docs/theory.md §4 on data κ. */
    private static double sideGain(double kappa, double proj, int depth, double beta) {
        if (kappa == 0 || proj == 0) {
            return 0.0;
        }
        return PowerProx.prox(Math.abs(proj), depth, beta * Math.pow(kappa, -2.0 / depth)) / kappa;
    }

    private static RankOneOptimum shared(PreparedRankOne p, int depth, double beta) {
        double[] k = {p.kappaPlus(), p.kappaMinus()};
        double[] t = {Math.abs(p.projPlus()), Math.abs(p.projMinus())};
        int first = k[0] * t[0] >= k[1] * t[1] ? 0 : 1;
        int second = 1 - first;
        SharedLine line = new SharedLine(k[first], t[first], k[second], t[second], depth, beta);
        double bestS = 0;
        double best = line.objective(0);
        for (double s : line.candidates()) {
            double v = line.objective(s);
            if (v < best) {
                best = v;
                bestS = s;
            }
        }
        double[] w = new double[2];
        double[] split = line.split(bestS);
        w[first] = split[0];
        w[second] = split[1];
        double penalty = 0.5 * depth * beta * power(bestS, depth);
        return build(p, w[0], w[1], penalty, true);
    }

    private static RankOneOptimum build(PreparedRankOne p, double a, double b, double penalty, boolean merged) {
        double fit = sq(p.kappaPlus() * a - Math.abs(p.projPlus())) + sq(p.kappaMinus() * b - Math.abs(p.projMinus()));
        double value = p.unreachableLoss() + 0.5 * fit + penalty;
        Structure s;
        if (a == 0 && b == 0) {
            s = Structure.ZERO;
        } else if (a == 0 || b == 0) {
            s = Structure.ONE_PATH;
        } else {
            s = merged ? Structure.SHARED : Structure.TWO_PATHS;
        }
        return new RankOneOptimum(s, a, b, penalty, value);
    }

    private static double power(double x, int depth) {
        return x == 0 ? 0.0 : Math.pow(x, 2.0 / depth);
    }

    private static double sq(double x) {
        return x * x;
    }

    /**
     * The shared problem as a function of S = A + B: the best split of S (a projection onto the
     * scaled simplex, coordinate 1 being the one with the larger κt) plus (Lβ/2)S^{2/L}. Coordinate 2
     * joins at {@code S_b = (κ₁t₁ − κ₂t₂)/κ₁²}.
     */
    private record SharedLine(double k1, double t1, double k2, double t2, int depth, double beta) {

        double boundary() {
            return (k1 * t1 - k2 * t2) / (k1 * k1);
        }

        double[] split(double s) {
            if (s <= boundary()) {
                return new double[] {s, 0.0};
            }
            double c = t1 / k1 + t2 / k2;
            double d = 1 / (k1 * k1) + 1 / (k2 * k2);
            double nu = (c - s) / d;
            return new double[] {Math.max(0.0, t1 / k1 - nu / (k1 * k1)), Math.max(0.0, t2 / k2 - nu / (k2 * k2))};
        }

        double objective(double s) {
            double[] w = split(s);
            return 0.5 * (sq(k1 * w[0] - t1) + sq(k2 * w[1] - t2)) + 0.5 * depth * beta * power(s, depth);
        }

        /** The piece boundary and the stationary points of each piece that lie inside it. */
        double[] candidates() {
            double sb = boundary();
            double[] out = new double[5];
            int count = 0;
            out[count++] = sb;
            double[][] pieces = {{t1 / k1, 1 / (k1 * k1), 0, sb},
                {t1 / k1 + t2 / k2, 1 / (k1 * k1) + 1 / (k2 * k2), sb, Double.POSITIVE_INFINITY}};
            for (double[] piece : pieces) {
                double c = piece[0];
                double kappa = beta * piece[1];
                for (double root : new double[] {PowerProx.largeRoot(c, kappa, depth),
                    PowerProx.smallRoot(c, kappa, depth)}) {
                    if (root >= piece[2] && root <= piece[3]) {
                        out[count++] = root;
                    }
                }
            }
            return java.util.Arrays.copyOf(out, count);
        }
    }
}
