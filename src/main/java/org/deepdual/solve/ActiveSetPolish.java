package org.deepdual.solve;

import static org.deepdual.linalg.Vectors.norm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.deepdual.linalg.CholeskyFactor;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Gemm;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * Active-set polishing of an ADMM iterate of the pattern program (math.md section 9). ADMM converges
 * slowly in its tail; once it has found (nearly) the right face, this finishes the solve exactly.
 *
 * <p>A face is the set B of nonzero blocks and, per block, the tight cone constraints
 * T_b = {k : (G_b w_b)_k = 0} (initially the zero entries of the ADMM's s). On a face the program is
 * {@code min ½‖Σ_b A_b N_b θ_b − y‖² + β Σ_b ‖θ_b‖} with N_b an orthonormal basis of
 * {w : x_kᵀw = 0, k ∈ T_b}: smooth while every θ_b ≠ 0, so damped Newton converges in a few steps.
 * A primal active-set loop corrects the face: a Newton step blocked by a strict constraint adds it to
 * T_b, and a tight constraint whose multiplier (from G_{b,T}ᵀν = A_bᵀ(Aw − y) + βw_b/‖w_b‖) is
 * negative is released, and once neither happens a zero block whose dual constraint
 * max_{u ∈ C_b, ‖u‖ ≤ 1} (A_bᵀλ)ᵀu ≤ β is violated enters along its steepest cone direction (the
 * loose ADMM iterate often misses a few blocks of the optimum). Whether the final face was right is
 * judged by the duality gap, never assumed.
 *
 * <p>A round changes the face of one block or a few, so the face data of a block (its basis, its
 * columns of A and their Gram products with the other blocks) is kept across rounds and recomputed
 * only when the block's tight set changed: at n = 1000 a polish needs ~2,000 rounds.
 */
final class ActiveSetPolish {
    /** Dense Newton only below this many reduced variables (the R × R Hessian). */
    static final int MAX_REDUCED = 2500;
    private static final int MAX_NEWTON = 30;
    /**
     * Rounds allowed: this many plus {@link #ROUNDS_PER_VARIABLE} per variable of the first face's
     * blocks (d per block). Each round changes at most one constraint per block, and a face of many
     * blocks in many-point cones needs a few changes per variable.
     */
    private static final int MIN_ROUNDS = 400;
    private static final int ROUNDS_PER_VARIABLE = 10;
    /** Relative cone violation (of ‖x_k‖‖w_b‖) below which a strict constraint counts as satisfied. */
    private static final double FEASIBILITY_SLACK = 1e-11;
    /** A zero block enters only when its dual constraint is violated by more than this relative margin. */
    private static final double ADD_MARGIN = 1e-9;
    /** A block whose projection onto its face is below this fraction of the largest block leaves the face. */
    private static final double NEGLIGIBLE_ON_FACE = 1e-9;
    /** An entering block starts at this fraction of the largest block norm. */
    private static final double ENTRY_STEP = 1e-3;

    private ActiveSetPolish() {
    }

    /** The active blocks and their tight constraints, as a comparable signature. */
    static long signature(PatternConeProgram prog, double[] z, double[] s) {
        int d = prog.d;
        int n = prog.n;
        long h = 17;
        for (int b = 0; b < prog.blocks(); b++) {
            if (blockNorm(z, b, d) == 0) {
                continue;
            }
            long tight = 0;
            for (int k = 0; k < n; k++) {
                if (s[b * n + k] == 0.0) {
                    tight = tight * 31 + k + 1;
                }
            }
            h = h * 1_000_003L + b * 7919L + tight;
        }
        return h;
    }

    /**
     * A polished point: the blocks z (d × 2P) and, for the blocks of the face, the cone multipliers
     * ν ≥ 0 of their KKT system (n × 2P, NaN for blocks outside the face).
     */
    record Polished(double[] z, double[] multipliers) {
    }

    /** Whether {@code drop} leaves out of the initial face a nonzero block that drop 0 keeps. */
    static boolean dropsAny(PatternConeProgram prog, double[] z, double drop) {
        double largest = 0;
        for (int b = 0; b < prog.blocks(); b++) {
            largest = Math.max(largest, blockNorm(z, b, prog.d));
        }
        for (int b = 0; b < prog.blocks(); b++) {
            double norm = blockNorm(z, b, prog.d);
            if (norm > 0 && norm < drop * largest) {
                return true;
            }
        }
        return false;
    }

    /**
     * One block of a face: its index b, tight rows T_b, current value w_b, and what depends on T_b
     * only: the orthonormal basis N_b of {w : x_kᵀw = 0, k ∈ T_b} (null once T_b changed), the block's
     * columns ±D_bXN_b of A, its cone rows (2D_b − I)XN_b (both n × r) and (±D_bXN_b)ᵀy.
     */
    private static final class FaceBlock {
        final int b;
        final TreeSet<Integer> tight;
        final boolean[] isTight;
        double[] w;
        Matrix basis;
        double[] columns;
        double[] cone;
        double[] aty;
        /** Identifies this basis in the {@link GramCache}. */
        long version;

        FaceBlock(int b, TreeSet<Integer> tight, double[] w, int n) {
            this.b = b;
            this.tight = tight;
            this.isTight = new boolean[n];
            for (int k : tight) {
                isTight[k] = true;
            }
            this.w = w;
        }

        void tighten(int k) {
            if (tight.add(k)) {
                isTight[k] = true;
                basis = null;
            }
        }

        void release(int k) {
            if (tight.remove(k)) {
                isTight[k] = false;
                basis = null;
            }
        }

        int rank() {
            return basis.cols();
        }
    }

    /** The Gram blocks A_jᵀA_k of pairs of face blocks, reused while both bases are unchanged. */
    private static final class GramCache {
        private record Entry(long v1, long v2, double[] gram) {
        }

        private final Map<Long, Entry> entries = new HashMap<>();
        private final int n;
        private final int blocks;
        private long stamps;

        GramCache(int n, int blocks) {
            this.n = n;
            this.blocks = blocks;
        }

        long stamp() {
            return ++stamps;
        }

        /** A_{f1}ᵀA_{f2}, r1 × r2 column-major. */
        double[] block(FaceBlock f1, FaceBlock f2) {
            long key = (long) f1.b * blocks + f2.b;
            Entry e = entries.get(key);
            if (e == null || e.v1() != f1.version || e.v2() != f2.version) {
                int r1 = f1.rank();
                int r2 = f2.rank();
                double[] g = new double[r1 * r2];
                Gemm.multiply(true, false, r1, r2, n, 1.0, f1.columns, f2.columns, 0.0, g);
                e = new Entry(f1.version, f2.version, g);
                entries.put(key, e);
            }
            return e.gram();
        }
    }

    /**
     * The polished blocks (d × 2P), or empty when the face is too large or degenerate. Blocks below
     * {@code drop} times the largest block norm are left out of the initial face.
     */
    static Optional<Polished> polish(PatternConeProgram prog, double[] z, double[] s, double beta, double drop) {
        int d = prog.d;
        int n = prog.n;
        Matrix x = prog.x();
        double[] rowNorms = rowNorms(x);
        GramCache cache = new GramCache(n, prog.blocks());
        double largest = 0;
        for (int b = 0; b < prog.blocks(); b++) {
            largest = Math.max(largest, blockNorm(z, b, d));
        }
        List<FaceBlock> face = new ArrayList<>();
        for (int b = 0; b < prog.blocks(); b++) {
            double norm = blockNorm(z, b, d);
            if (norm == 0 || norm < drop * largest) {
                continue;
            }
            TreeSet<Integer> tight = new TreeSet<>();
            double[] xz = x.times(Arrays.copyOfRange(z, b * d, (b + 1) * d));
            int moff = (b % prog.p) * n;
            for (int k = 0; k < n; k++) {
                boolean atBound = s[b * n + k] == 0.0 || prog.signs()[moff + k] * xz[k] <= 0;
                if (atBound && rowNorms[k] > 0) {
                    tight.add(k);
                }
            }
            face.add(new FaceBlock(b, tight, Arrays.copyOfRange(z, b * d, (b + 1) * d), n));
        }
        if (face.isEmpty()) {
            return Optional.empty();
        }
        int maxRounds = MIN_ROUNDS + ROUNDS_PER_VARIABLE * d * face.size();
        Map<Long, Double> converged = new HashMap<>();
        for (int round = 0; round < maxRounds; round++) {
            int total = 0;
            for (FaceBlock fb : face) {
                projectOntoFace(prog, fb, rowNorms, cache);
                total += fb.rank();
            }
            // a block whose tight constraints leave only w_b = 0 leaves the face, and so does one the
            // projection left negligible: its penalty's curvature β/‖θ_b‖ would swamp the Newton system
            // (a block the optimum needs re-enters through its violated dual constraint)
            double largestOnFace = 0;
            for (FaceBlock fb : face) {
                largestOnFace = Math.max(largestOnFace, norm(fb.w));
            }
            double negligible = NEGLIGIBLE_ON_FACE * largestOnFace;
            face.removeIf(fb -> fb.rank() == 0 || norm(fb.w) <= negligible);
            if (face.isEmpty()) {
                double[] none = new double[n * prog.blocks()];
                Arrays.fill(none, Double.NaN);
                return Optional.of(new Polished(new double[d * prog.blocks()], none));
            }
            if (total > MAX_REDUCED) {
                return Optional.empty();
            }
            Outcome out = newton(prog, face, total, beta, cache);
            if (out == Outcome.FAILED) {
                return Optional.empty();
            }
            if (out == Outcome.BLOCKED) {
                continue;
            }
            double[][] nu = multipliers(prog, face, beta);
            // on a degenerate face (more tight rows than the block's dimension allows independently) the
            // least-squares multipliers are not unique, and release and re-blocking can cycle through
            // faces already optimized: a face met again without a lower objective ends the polish
            long signature = faceSignature(face);
            double value = faceObjective(prog, face, beta);
            Double before = converged.put(signature, value);
            if (before != null && value >= before - 1e-12 * Math.max(1.0, Math.abs(before))) {
                return Optional.of(new Polished(expand(face, d, prog.blocks()), multiplierArray(face, nu, n,
                        prog.blocks())));
            }
            if (!releaseMostNegative(face, nu, rowNorms, beta) && !addViolatedBlocks(prog, face, beta, rowNorms)) {
                return Optional.of(new Polished(expand(face, d, prog.blocks()), multiplierArray(face, nu, n,
                        prog.blocks())));
            }
        }
        // still a feasible point of the last face; its duality gap decides whether it is kept
        return Optional.of(new Polished(expand(face, d, prog.blocks()), multiplierArray(face,
                multipliers(prog, face, beta), n, prog.blocks())));
    }

    /** ½‖Σ_b A_b w_b − y‖² + β Σ_b ‖w_b‖ at the face's blocks. */
    private static double faceObjective(PatternConeProgram prog, List<FaceBlock> face, double beta) {
        int n = prog.n;
        double[] fit = new double[n];
        double penalty = 0;
        for (FaceBlock fb : face) {
            double[] xw = prog.x().times(fb.w);
            double out = fb.b < prog.p ? 1.0 : -1.0;
            int moff = (fb.b % prog.p) * n;
            for (int k = 0; k < n; k++) {
                fit[k] += out * prog.masks()[moff + k] * xw[k];
            }
            penalty += beta * norm(fb.w);
        }
        double v = penalty;
        double[] y = prog.y();
        for (int k = 0; k < n; k++) {
            v += 0.5 * (fit[k] - y[k]) * (fit[k] - y[k]);
        }
        return v;
    }

    /** The face's blocks and their tight rows, hashed. */
    private static long faceSignature(List<FaceBlock> face) {
        long h = 17;
        for (FaceBlock fb : face) {
            h = h * 1_000_003L + fb.b;
            for (int k : fb.tight) {
                h = h * 31 + k + 1;
            }
            h = h * 1_000_003L + 7919;
        }
        return h;
    }

    /**
     * Adds to the face the zero blocks whose dual constraint max_{u ∈ C_b, ‖u‖ ≤ 1} (A_bᵀλ)ᵀu ≤ β
     * the current point violates (λ = y − Aw): along the steepest cone direction u the objective
     * decreases, so such a block is nonzero at the optimum. It enters at a small multiple of u with
     * the cone rows tight at u. False when no zero block violates its constraint.
     */
    private static boolean addViolatedBlocks(PatternConeProgram prog, List<FaceBlock> face, double beta,
            double[] rowNorms) {
        int n = prog.n;
        int p = prog.p;
        int d = prog.d;
        Matrix x = prog.x();
        double[] lambda = prog.y().clone();
        boolean[] inFace = new boolean[prog.blocks()];
        double scale = 0;
        for (FaceBlock fb : face) {
            inFace[fb.b] = true;
            double[] xw = x.times(fb.w);
            double out = fb.b < p ? 1.0 : -1.0;
            int moff = (fb.b % p) * n;
            for (int k = 0; k < n; k++) {
                lambda[k] -= out * prog.masks()[moff + k] * xw[k];
            }
            scale = Math.max(scale, norm(fb.w));
        }
        boolean added = false;
        double[] masked = new double[n];
        for (int b = 0; b < prog.blocks(); b++) {
            if (inFace[b]) {
                continue;
            }
            double out = b < p ? 1.0 : -1.0;
            int moff = (b % p) * n;
            for (int k = 0; k < n; k++) {
                masked[k] = out * prog.masks()[moff + k] * lambda[k];
            }
            double[] a = x.transposeTimes(masked);
            if (norm(a) <= beta * (1 + ADD_MARGIN)) {
                continue;
            }
            double[] sg = Arrays.copyOfRange(prog.signs(), moff, moff + n);
            double[] u = ConeDualNorm.direction(x, sg, a, 4 * d + 10);
            double un = norm(u);
            if (un <= beta * (1 + ADD_MARGIN)) {
                continue;
            }
            double[] xu = x.times(u);
            TreeSet<Integer> tight = new TreeSet<>();
            for (int k = 0; k < n; k++) {
                double rn = rowNorms[k];
                if (rn > 0 && sg[k] * xu[k] <= FEASIBILITY_SLACK * rn * un) {
                    tight.add(k);
                }
            }
            double[] w = new double[d];
            double step = ENTRY_STEP * Math.max(scale, 1e-8) / un;
            for (int j = 0; j < d; j++) {
                w[j] = step * u[j];
            }
            face.add(new FaceBlock(b, tight, w, n));
            added = true;
        }
        face.sort((f1, f2) -> Integer.compare(f1.b, f2.b));
        return added;
    }


    /** The multipliers as an n × 2P array: ν on tight rows, 0 on strict rows, NaN off the face. */
    private static double[] multiplierArray(List<FaceBlock> face, double[][] nu, int n, int nb) {
        double[] out = new double[n * nb];
        Arrays.fill(out, Double.NaN);
        for (int j = 0; j < face.size(); j++) {
            FaceBlock fb = face.get(j);
            Arrays.fill(out, fb.b * n, (fb.b + 1) * n, 0.0);
            int i = 0;
            for (int k : fb.tight) {
                out[fb.b * n + k] = Math.max(nu[j][i++], 0.0);
            }
        }
        return out;
    }

    /**
     * Releases, in every block, the tight constraint with the most negative multiplier; false when
     * no multiplier is negative.
     */
    private static boolean releaseMostNegative(List<FaceBlock> face, double[][] nu, double[] rowNorms,
            double beta) {
        boolean released = false;
        double threshold = -1e-9 * Math.max(1.0, beta);
        for (int j = 0; j < face.size(); j++) {
            int worstRow = -1;
            double worst = threshold;
            int i = 0;
            for (int k : face.get(j).tight) {
                double scaled = nu[j][i++] * rowNorms[k];
                if (scaled < worst) {
                    worst = scaled;
                    worstRow = k;
                }
            }
            if (worstRow >= 0) {
                face.get(j).release(worstRow);
                released = true;
            }
        }
        return released;
    }

    private enum Outcome {
        CONVERGED,
        BLOCKED,
        FAILED
    }

    /**
     * Projects w_b onto {x_kᵀw = 0, k ∈ T_b}; a strict constraint the projection violates becomes
     * tight too, until none is violated (or only w_b = 0 remains). Then forms the block's columns
     * of A and cone rows on the new basis. A block whose T_b is unchanged keeps all of it: the
     * Newton steps keep w_b on its face and feasible.
     */
    private static void projectOntoFace(PatternConeProgram prog, FaceBlock fb, double[] rowNorms, GramCache cache) {
        if (fb.basis != null) {
            return;
        }
        Matrix x = prog.x();
        int n = prog.n;
        int moff = (fb.b % prog.p) * n;
        while (true) {
            Matrix basis = nullSpace(x, fb.tight);
            if (basis.cols() == 0) {
                fb.basis = basis;
                return;
            }
            fb.w = basis.times(basis.transposeTimes(fb.w));
            double[] xw = x.times(fb.w);
            // a just-released constraint sits at 0 up to rounding; only a real violation makes it tight again
            double slack = FEASIBILITY_SLACK * norm(fb.w);
            boolean added = false;
            for (int k = 0; k < n; k++) {
                if (!fb.isTight[k] && rowNorms[k] > 0 && prog.signs()[moff + k] * xw[k] < -slack * rowNorms[k]) {
                    fb.tighten(k);
                    added = true;
                }
            }
            if (!added) {
                fb.basis = basis;
                break;
            }
        }
        int r = fb.basis.cols();
        double[] xn = new double[n * r];
        Gemm.multiply(false, false, n, r, prog.d, 1.0, x.toColumnMajor(), fb.basis.toColumnMajor(), 0.0, xn);
        double out = fb.b < prog.p ? 1.0 : -1.0;
        double[] masks = prog.masks();
        double[] signs = prog.signs();
        double[] y = prog.y();
        fb.columns = new double[n * r];
        fb.cone = new double[n * r];
        fb.aty = new double[r];
        for (int c = 0; c < r; c++) {
            double dot = 0;
            for (int k = 0; k < n; k++) {
                double v = xn[k + c * n];
                double a = out * masks[moff + k] * v;
                fb.columns[k + c * n] = a;
                fb.cone[k + c * n] = signs[moff + k] * v;
                dot += a * y[k];
            }
            fb.aty[c] = dot;
        }
        fb.version = cache.stamp();
    }

    /** Damped Newton on the face; a step blocked by a strict cone constraint makes it tight. */
    private static Outcome newton(PatternConeProgram prog, List<FaceBlock> face, int total, double beta,
            GramCache cache) {
        int n = prog.n;
        int m = face.size();
        int[] offset = new int[m + 1];
        double[] theta = new double[total];
        double[] aty = new double[total];
        for (int j = 0; j < m; j++) {
            FaceBlock fb = face.get(j);
            int r = fb.rank();
            offset[j + 1] = offset[j] + r;
            System.arraycopy(fb.basis.transposeTimes(fb.w), 0, theta, offset[j], r);
            System.arraycopy(fb.aty, 0, aty, offset[j], r);
        }
        double[] g0 = new double[total * total];
        for (int j = 0; j < m; j++) {
            for (int l = j; l < m; l++) {
                double[] blk = cache.block(face.get(j), face.get(l));
                int rj = offset[j + 1] - offset[j];
                int rl = offset[l + 1] - offset[l];
                for (int c = 0; c < rl; c++) {
                    for (int e = 0; e < rj; e++) {
                        double v = blk[e + c * rj];
                        g0[(offset[j] + e) + (offset[l] + c) * total] = v;
                        g0[(offset[l] + c) + (offset[j] + e) * total] = v;
                    }
                }
            }
        }
        Matrix gram = Matrix.ofColumnMajor(total, total, g0);
        double[] y = prog.y();
        double damping = 1e-13 * Math.max(1.0, gram.trace() / total);
        double gradScale = Math.max(1.0, maxAbs(aty) + beta);
        double[] fit = faceTimes(face, n, theta, offset);
        double f = objectiveAlong(fit, new double[n], 0.0, y, theta, theta, offset, beta);
        Outcome outcome = Outcome.FAILED;
        for (int it = 0; it < MAX_NEWTON; it++) {
            double[] g = new double[total];
            double[] h = g0.clone();
            if (!gradientAndHessian(gram, aty, theta, offset, beta, g, h)) {
                return Outcome.FAILED;
            }
            if (maxAbs(g) <= 1e-13 * gradScale) {
                outcome = Outcome.CONVERGED;
                break;
            }
            for (int i = 0; i < total; i++) {
                h[i + i * total] += damping;
            }
            double[] step;
            try {
                step = CholeskyFactor.of(Matrix.ofColumnMajor(total, total, h)).solve(g);
            } catch (ArithmeticException e) {
                return Outcome.FAILED;
            }
            double slope = 0;
            for (int i = 0; i < total; i++) {
                step[i] = -step[i];
                slope += g[i] * step[i];
            }
            if (slope >= 0) {
                outcome = Outcome.CONVERGED;
                break;
            }
            int[] blocker = new int[2];
            double tMax = maxFeasibleStep(theta, step, offset, face, n, blocker);
            double[] move = faceTimes(face, n, step, offset);
            if (tMax < 1.0) {
                if (objectiveAlong(fit, move, tMax, y, theta, step, offset, beta) <= f) {
                    double[] next = axpy(theta, tMax, step);
                    System.arraycopy(next, 0, theta, 0, total);
                    store(face, theta, offset);
                    face.get(blocker[0]).tighten(blocker[1]);
                    return Outcome.BLOCKED;
                }
            }
            double t = Math.min(1.0, tMax);
            boolean accepted = false;
            for (int ls = 0; ls < 60; ls++, t *= 0.5) {
                double fn = objectiveAlong(fit, move, t, y, theta, step, offset, beta);
                if (fn <= f + 1e-4 * t * slope) {
                    accepted = true;
                    f = fn;
                    for (int k = 0; k < n; k++) {
                        fit[k] += t * move[k];
                    }
                    System.arraycopy(axpy(theta, t, step), 0, theta, 0, total);
                    break;
                }
            }
            if (!accepted) {
                outcome = Outcome.CONVERGED;
                break;
            }
            outcome = Outcome.CONVERGED;
        }
        store(face, theta, offset);
        return outcome;
    }

    private static boolean gradientAndHessian(Matrix gram, double[] aty, double[] theta, int[] offset, double beta,
            double[] g, double[] h) {
        int total = theta.length;
        double[] gt = gram.times(theta);
        for (int j = 0; j + 1 < offset.length; j++) {
            int o = offset[j];
            int r = offset[j + 1] - o;
            double norm = 0;
            for (int c = 0; c < r; c++) {
                norm += theta[o + c] * theta[o + c];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return false;
            }
            for (int c = 0; c < r; c++) {
                g[o + c] = gt[o + c] - aty[o + c] + beta * theta[o + c] / norm;
                double uc = theta[o + c] / norm;
                for (int e = 0; e < r; e++) {
                    double ue = theta[o + e] / norm;
                    h[(o + c) + (o + e) * total] += beta / norm * ((c == e ? 1.0 : 0.0) - uc * ue);
                }
            }
        }
        return true;
    }

    /**
     * The cone multipliers of each face block over its tight rows (in increasing row order): the
     * least-squares solution of G_{b,T}ᵀν = A_bᵀ(Aw − y) + βw_b/‖w_b‖.
     */
    private static double[][] multipliers(PatternConeProgram prog, List<FaceBlock> face, double beta) {
        int n = prog.n;
        int p = prog.p;
        int d = prog.d;
        Matrix x = prog.x();
        double[] fit = new double[n];
        for (FaceBlock fb : face) {
            double[] xw = x.times(fb.w);
            double out = fb.b < p ? 1.0 : -1.0;
            int moff = (fb.b % p) * n;
            for (int k = 0; k < n; k++) {
                fit[k] += out * prog.masks()[moff + k] * xw[k];
            }
        }
        double[] y = prog.y();
        double[] resid = new double[n];
        for (int k = 0; k < n; k++) {
            resid[k] = fit[k] - y[k];
        }
        double[][] nu = new double[face.size()][];
        for (int j = 0; j < face.size(); j++) {
            FaceBlock fb = face.get(j);
            int[] rows = fb.tight.stream().mapToInt(Integer::intValue).toArray();
            nu[j] = new double[rows.length];
            if (rows.length == 0) {
                continue;
            }
            double out = fb.b < p ? 1.0 : -1.0;
            int moff = (fb.b % p) * n;
            double[] masked = new double[n];
            for (int k = 0; k < n; k++) {
                masked[k] = out * prog.masks()[moff + k] * resid[k];
            }
            double[] r = x.transposeTimes(masked);
            double norm = 0;
            for (double v : fb.w) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < d; c++) {
                r[c] += beta * fb.w[c] / norm;
            }
            double[] gt = new double[d * rows.length];
            for (int i = 0; i < rows.length; i++) {
                double sg = prog.signs()[moff + rows[i]];
                for (int c = 0; c < d; c++) {
                    gt[c + i * d] = sg * x.get(rows[i], c);
                }
            }
            Matrix sol = Decompositions.pseudoInverseSolve(Matrix.ofColumnMajor(d, rows.length, gt), Matrix.column(r),
                    1e-12);
            for (int i = 0; i < rows.length; i++) {
                nu[j][i] = sol.get(i, 0);
            }
        }
        return nu;
    }

    /** The largest t keeping every strict cone constraint of every block nonnegative, and its blocker. */
    private static double maxFeasibleStep(double[] theta, double[] step, int[] offset, List<FaceBlock> face, int n,
            int[] blocker) {
        double tMax = Double.POSITIVE_INFINITY;
        for (int j = 0; j < face.size(); j++) {
            int o = offset[j];
            int r = offset[j + 1] - o;
            FaceBlock fb = face.get(j);
            for (int k = 0; k < n; k++) {
                if (fb.isTight[k]) {
                    continue;
                }
                double c0 = 0;
                double dc = 0;
                for (int c = 0; c < r; c++) {
                    c0 += fb.cone[k + c * n] * theta[o + c];
                    dc += fb.cone[k + c * n] * step[o + c];
                }
                if (dc < 0) {
                    double t = Math.max(c0, 0) / -dc;
                    if (t < tMax) {
                        tMax = t;
                        blocker[0] = j;
                        blocker[1] = k;
                    }
                }
            }
        }
        return tMax;
    }

    private static void store(List<FaceBlock> face, double[] theta, int[] offset) {
        for (int j = 0; j < face.size(); j++) {
            FaceBlock fb = face.get(j);
            fb.w = fb.basis.times(Arrays.copyOfRange(theta, offset[j], offset[j + 1]));
        }
    }

    private static double[] axpy(double[] x, double t, double[] p) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + t * p[i];
        }
        return out;
    }

    /** Σ_j A_jθ_j on the face's columns. */
    private static double[] faceTimes(List<FaceBlock> face, int n, double[] theta, int[] offset) {
        double[] f = new double[n];
        for (int j = 0; j < face.size(); j++) {
            double[] cols = face.get(j).columns;
            int o = offset[j];
            int r = offset[j + 1] - o;
            for (int c = 0; c < r; c++) {
                double t = theta[o + c];
                int co = c * n;
                for (int k = 0; k < n; k++) {
                    f[k] += cols[co + k] * t;
                }
            }
        }
        return f;
    }

    /**
     * The face objective ½‖A(θ + tδ) − y‖² + β Σ_j ‖θ_j + tδ_j‖ from Aθ and Aδ, so a line search costs
     * O(n + R) per point instead of O(n·R).
     */
    private static double objectiveAlong(double[] fit, double[] move, double t, double[] y, double[] theta,
            double[] step, int[] offset, double beta) {
        double v = 0;
        for (int k = 0; k < y.length; k++) {
            double e = fit[k] + t * move[k] - y[k];
            v += 0.5 * e * e;
        }
        for (int j = 0; j + 1 < offset.length; j++) {
            double norm = 0;
            for (int c = offset[j]; c < offset[j + 1]; c++) {
                double th = theta[c] + t * step[c];
                norm += th * th;
            }
            v += beta * Math.sqrt(norm);
        }
        return v;
    }

    private static double[] expand(List<FaceBlock> face, int d, int nb) {
        double[] z = new double[d * nb];
        for (FaceBlock fb : face) {
            System.arraycopy(fb.w, 0, z, fb.b * d, d);
        }
        return z;
    }

    /** An orthonormal basis (d × r) of {w : x_kᵀw = 0 for k in rows}. */
    static Matrix nullSpace(Matrix x, java.util.Collection<Integer> rows) {
        int d = x.cols();
        if (rows.isEmpty()) {
            return Matrix.identity(d);
        }
        int[] idx = rows.stream().mapToInt(Integer::intValue).toArray();
        Svd svd = Decompositions.thinSvd(x.selectRows(idx).transpose());
        int rank = svd.rank(1e-10);
        Matrix range = svd.u().columns(0, rank);
        Matrix projector = Matrix.identity(d).minus(range.times(range.transpose()));
        List<double[]> cols = new ArrayList<>();
        for (int j = 0; j < d && cols.size() < d - rank; j++) {
            double[] v = projector.column(j);
            for (double[] c : cols) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += c[i] * v[i];
                }
                for (int i = 0; i < d; i++) {
                    v[i] -= dot * c[i];
                }
            }
            double norm = 0;
            for (double vi : v) {
                norm += vi * vi;
            }
            norm = Math.sqrt(norm);
            if (norm > 1e-6) {
                for (int i = 0; i < d; i++) {
                    v[i] /= norm;
                }
                cols.add(v);
            }
        }
        double[] out = new double[d * cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            System.arraycopy(cols.get(c), 0, out, c * d, d);
        }
        return Matrix.ofColumnMajor(d, cols.size(), out);
    }

    private static double blockNorm(double[] z, int b, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += z[b * d + j] * z[b * d + j];
        }
        return Math.sqrt(s);
    }

    /** ‖x_k‖ of every row of x. */
    private static double[] rowNorms(Matrix x) {
        double[] out = new double[x.rows()];
        for (int k = 0; k < x.rows(); k++) {
            double s = 0;
            for (int j = 0; j < x.cols(); j++) {
                s += x.get(k, j) * x.get(k, j);
            }
            out[k] = Math.sqrt(s);
        }
        return out;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
