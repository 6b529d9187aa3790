package org.deepdual.solve.linear;

import java.util.ArrayList;
import java.util.List;
import org.deepdual.model.Objective;

/**
 * The cells of one β path of a deep linear network with vector output on general (non-whitened) X
 * (docs/theory.md §5), solved together so that every cell's bounds are the best the path can vouch for:
 * <ul>
 *   <li><b>lower bounds</b>, in increasing β: the nuclear-norm bound of each cell (TC and L = 2: FISTA
 *       at the cell's γ, warm-started from the previous cell's fit; WD at L ≥ 3: {@link WdDualEnvelope}
 *       on FISTA samples shared by the whole path), then each replaced by the best bound of any smaller
 *       β, since the optimal value is nondecreasing in β;</li>
 *   <li><b>upper bounds</b>: proximal gradient ({@link SchattenProxGradient}) from the nuclear-norm fit,
 *       from the least-squares fit X⁺Y and from the previous cell's best map (increasing β), then from
 *       the next cell's best map (decreasing β), and where the bounds still lie far apart from scaled
 *       and truncated least-squares fits (from the largest β down, until {@link #FRUITLESS_LIMIT} cells in
 *       a row gain nothing from them); every search stops when stalled ({@link SchattenProxGradient#stalled}:
 *       the rest of its budget could not move the cell's gap); finally every cell takes the best of all maps the path found,
 *       priced at its own β ({@link LocalMinimum#value}), or the zero network (½‖Y‖²) when none beats it.</li>
 * </ul>
 * Everything is deterministic and depends on the path's β values alone.
 */
final class GeneralVectorPath {
    /** A cell whose bounds lie further apart than this (relative) gets the extra starts. */
    static final double WIDE_GAP_RTOL = 1e-3;
    /**
     * Wide cells in a row (from the largest β down) whose extra starts gained nothing that moves their gap
     * after which the remaining cells skip them: on a path where the reduced-rank starts lead nowhere
     * (full Fashion-MNIST, docs/performance.md) they cost 2,000–6,000 proximal steps each for nothing.
     */
    static final int FRUITLESS_LIMIT = 3;
    /** The WD envelope is refined until its bracket is this tight (relative). */
    static final double ENVELOPE_RTOL = 1e-9;
    /** Proximal-gradient iterations per cell over all of its starts (two full runs, as before paths). */
    static final int SEARCH_BUDGET = 2 * SchattenProxGradient.MAX_ITERATIONS;
    /**
     * Shrunk least-squares fits among the extra starts (the prox then drops their weak directions). One
     * is enough: with ½ alone the independent search of the property test beat no cell of 2,880 random
     * ones, and adding ¼ cost 12 % of the slowest path (tc, L = 12).
     */
    private static final double[] LEAST_SQUARES_SCALES = {0.5};

    private final RotatedLoss loss;
    private final SchattenPenalty penalty;
    private final NuclearNormBound bound;
    private final SchattenProxGradient search;
    private final double[] leastSquares;
    private final List<double[]> reducedRank = new ArrayList<>();

    GeneralVectorPath(RotatedLoss loss, SchattenPenalty penalty, int iterationCap) {
        this.loss = loss;
        this.penalty = penalty;
        this.bound = new NuclearNormBound(loss, Math.min(iterationCap, NuclearNormBound.MAX_ITERATIONS));
        this.search = new SchattenProxGradient(loss, penalty, Math.min(iterationCap,
                SchattenProxGradient.MAX_ITERATIONS));
        this.leastSquares = loss.leastSquares();
        SmallSvd targets = SmallSvd.of(loss.z, loss.r, loss.k);
        for (int rank = 1; rank < targets.k; rank++) {
            double[] fit = targets.compose(targets.s, rank);
            for (int j = 0; j < loss.k; j++) {
                for (int i = 0; i < loss.r; i++) {
                    fit[i + j * loss.r] /= loss.s[i];
                }
            }
            reducedRank.add(fit);
        }
    }

    /**
     * One solved cell.
     *
     * @param network the best map of the path at this β (the zero map for the zero network)
     * @param primal its value at this β
     * @param lower the certified lower bound (the best of this and every smaller β of the path)
     * @param certificate the nuclear-norm fit whose residual gives Λ (the zero fit when Λ = Y)
     * @param boundRank the rank of the nuclear-norm solution the cell's own bound rests on
     * @param iterations FISTA and proximal-gradient iterations spent on this cell
     * @param lowerConverged whether the cell's own dual solves converged
     * @param lowerGap the FISTA primal-dual gap of the certificate
     * @param searchConverged whether the cell's searches from the nuclear-norm and least-squares fits converged
     * @param lastStep the last step of the first search that did not converge (NaN if all did)
     * @param searchIterations the iterations of that search
     */
    record Cell(double beta, LocalMinimum network, double primal, double lower, NuclearNormBound.Fit certificate,
            int boundRank, int iterations, boolean lowerConverged, double lowerGap,
            boolean searchConverged, double lastStep, int searchIterations) {
    }

    /** Mutable state of one cell while the path is solved. */
    private final class Work {
        final double beta;
        NuclearNormBound.Fit fit;
        double lower;
        boolean lowerConverged = true;
        int iterations;
        int budget = SEARCH_BUDGET;
        /** The distinct stationary points found at this β. */
        final List<LocalMinimum> found = new ArrayList<>();
        LocalMinimum best;
        /** The neighbours' maps this cell was last started from, so a round starts again only from new ones. */
        LocalMinimum fromBelow;
        LocalMinimum fromAbove;
        boolean searchConverged = true;
        double lastStep = Double.NaN;
        int lastIterations;

        Work(double beta) {
            this.beta = beta;
            this.best = LocalMinimum.zero(loss);
        }

        /** Proximal gradient from {@code start} at this β; a new point joins the cell's maps. */
        void searchFrom(double[] start, boolean required) {
            if (budget <= 0) {
                return;
            }
            LocalMinimum m = search.run(start, beta, budget, found, lower,
                    DeepLinearSolver.ITERATIVE_GAP_RTOL * Math.max(1, Math.abs(lower)));
            budget -= m.iterations();
            iterations += m.iterations();
            if (required && !m.converged() && !m.stalled() && searchConverged) {
                searchConverged = false;
                lastStep = m.lastStep();
                lastIterations = m.iterations();
            }
            for (LocalMinimum f : found) {
                if (f.a() == m.a()) {
                    return;
                }
            }
            found.add(m);
            if (m.value(beta) < best.value(beta)) {
                best = m;
            }
        }

        /** A search from a neighbour's best map, unless this cell already started from that map or it is zero. */
        void continueFrom(LocalMinimum neighbour, boolean below) {
            if (neighbour.rank() == 0 || neighbour == (below ? fromBelow : fromAbove)) {
                return;
            }
            if (below) {
                fromBelow = neighbour;
            } else {
                fromAbove = neighbour;
            }
            searchFrom(neighbour.a(), false);
        }

        double relativeGap() {
            double p = best.value(beta);
            return (p - lower) / Math.max(1, Math.abs(p));
        }
    }

    /** The cells at {@code betas} (increasing, all &gt; 0), in that order. */
    List<Cell> solve(double[] betas) {
        int n = betas.length;
        List<Work> cells = new ArrayList<>(n);
        for (double b : betas) {
            cells.add(new Work(b));
        }
        lowerBounds(cells);
        // the optimal value is nondecreasing in β: every cell's bound is also the best of smaller β (the
        // searches' stall rule measures their distance to it)
        for (int j = 1; j < n; j++) {
            cells.get(j).lower = Math.max(cells.get(j).lower, cells.get(j - 1).lower);
        }
        // increasing β: the previous cell's best map first (the other searches stop when they reach it),
        // then the cell's own nuclear-norm fit and the least-squares fit; then decreasing β
        for (int j = 0; j < n; j++) {
            Work w = cells.get(j);
            if (j > 0) {
                w.continueFrom(cells.get(j - 1).best, true);
            }
            w.searchFrom(w.fit.a(), true);
            w.searchFrom(leastSquares, true);
        }
        downward(cells);
        // the extra starts go where low-rank maps are likeliest to win, from the largest β down, and end
        // once FRUITLESS_LIMIT wide cells in a row gained nothing from them that could move their gap
        boolean extra = false;
        int fruitless = 0;
        for (int j = n - 1; j >= 0 && fruitless < FRUITLESS_LIMIT; j--) {
            Work w = cells.get(j);
            if (w.relativeGap() > WIDE_GAP_RTOL) {
                double before = w.best.value(w.beta);
                extraStarts(w);
                extra = true;
                boolean gained = before - w.best.value(w.beta) > SchattenProxGradient.STALL_GAP_FRACTION
                        * (before - w.lower);
                fruitless = gained ? 0 : fruitless + 1;
            }
        }
        if (extra) {
            // what the extra starts found travels along the path too
            upward(cells);
            downward(cells);
        }
        return finish(cells);
    }

    /** Continuation in increasing β, each cell from its predecessor's best map (if not already). */
    private static void upward(List<Work> cells) {
        for (int j = 1; j < cells.size(); j++) {
            cells.get(j).continueFrom(cells.get(j - 1).best, true);
        }
    }

    /** Continuation in decreasing β, each cell from its successor's best map (if not already). */
    private static void downward(List<Work> cells) {
        for (int j = cells.size() - 2; j >= 0; j--) {
            cells.get(j).continueFrom(cells.get(j + 1).best, false);
        }
    }

    private void lowerBounds(List<Work> cells) {
        if (penalty.objective() == Objective.TC || penalty.depth() == 2) {
            double[] warm = null;
            for (Work w : cells) {
                w.fit = bound.solve(w.beta * penalty.gammaPerBeta(), warm, NuclearNormBound.TOTAL_ITERATIONS);
                w.lower = w.fit.dual();
                w.lowerConverged = w.fit.converged();
                w.iterations += w.fit.iterations();
                warm = w.fit.rank() > 0 ? w.fit.a() : warm;
            }
            return;
        }
        int[] remaining = new int[1];
        WdDualEnvelope<NuclearNormBound.Fit> envelope = new WdDualEnvelope<>(loss.half, loss.unreachable,
                loss.xtyNorm, (gamma, nearest) -> {
                    NuclearNormBound.Fit f = bound.solve(gamma, nearest == null ? null : nearest.certificate().a(),
                            Math.max(1, remaining[0]));
                    remaining[0] -= f.iterations();
                    return new WdDualEnvelope.Sample<>(gamma, f.dual(), f.primal(), f, f.iterations(), f.converged());
                });
        for (Work w : cells) {
            remaining[0] = NuclearNormBound.TOTAL_ITERATIONS;
            WdDualEnvelope.Bound<NuclearNormBound.Fit> b = envelope.bound(w.beta, penalty.depth(), ENVELOPE_RTOL);
            w.lower = b.value();
            w.fit = b.best() == null ? bound.zero(Double.POSITIVE_INFINITY) : b.best().certificate();
            w.lowerConverged = b.converged();
            w.iterations += b.work();
        }
    }

    /**
     * Starts of lower rank than the least-squares fit, for the cells whose bounds lie far apart: the
     * reduced-rank regression fits {@code X⁺ (UZ) Q_k Q_kᵀ} (Q_k the top k right singular vectors of
     * Z = UᵀY, the best rank-k fit of the reachable targets) for k below min(r, K), and the least-squares
     * fit shrunk.
     */
    private void extraStarts(Work w) {
        for (double[] start : reducedRank) {
            w.searchFrom(start, false);
        }
        for (double scale : LEAST_SQUARES_SCALES) {
            double[] start = new double[leastSquares.length];
            for (int i = 0; i < start.length; i++) {
                start[i] = scale * leastSquares[i];
            }
            w.searchFrom(start, false);
        }
    }

    /** Every cell takes the best map of the path at its β; lower bounds take the best of smaller β. */
    private List<Cell> finish(List<Work> cells) {
        List<LocalMinimum> all = new ArrayList<>();
        for (Work w : cells) {
            all.addAll(w.found);
        }
        List<Cell> out = new ArrayList<>(cells.size());
        double lower = Double.NEGATIVE_INFINITY;
        for (Work w : cells) {
            LocalMinimum best = LocalMinimum.zero(loss);
            for (LocalMinimum m : all) {
                if (m.value(w.beta) < best.value(w.beta)) {
                    best = m;
                }
            }
            lower = Math.max(lower, w.lower);
            out.add(new Cell(w.beta, best, best.value(w.beta), lower, w.fit, w.fit.rank(), w.iterations, w.lowerConverged, w.fit.primal() - w.fit.dual(), w.searchConverged, w.lastStep,
                    w.lastIterations));
        }
        return out;
    }
}
