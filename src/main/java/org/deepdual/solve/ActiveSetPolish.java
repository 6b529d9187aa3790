package org.deepdual.solve;

import static org.deepdual.linalg.Vectors.norm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.deepdual.linalg.CholeskyFactor;
import org.deepdual.linalg.Decompositions;
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
 */
final class ActiveSetPolish {
    /** Dense Newton only below this many reduced variables (the R × R Hessian). */
    static final int MAX_REDUCED = 2500;
    private static final int MAX_NEWTON = 30;
    private static final int MAX_ROUNDS = 400;
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

    /** One block of a face: its index b, tight rows T_b and current value w_b. */
    private static final class FaceBlock {
        final int b;
        final TreeSet<Integer> tight;
        double[] w;
        Matrix basis;

        FaceBlock(int b, TreeSet<Integer> tight, double[] w) {
            this.b = b;
            this.tight = tight;
            this.w = w;
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
                if (atBound && rowNormSq(x, k) > 0) {
                    tight.add(k);
                }
            }
            face.add(new FaceBlock(b, tight, Arrays.copyOfRange(z, b * d, (b + 1) * d)));
        }
        if (face.isEmpty()) {
            return Optional.empty();
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int total = 0;
            for (FaceBlock fb : face) {
                projectOntoFace(prog, fb);
                total += fb.basis.cols();
            }
            // a block whose tight constraints leave only w_b = 0 leaves the face, and so does one the
            // projection left negligible: its penalty's curvature β/‖θ_b‖ would swamp the Newton system
            // (a block the optimum needs re-enters through its violated dual constraint)
            double largestOnFace = 0;
            for (FaceBlock fb : face) {
                largestOnFace = Math.max(largestOnFace, norm(fb.w));
            }
            double negligible = NEGLIGIBLE_ON_FACE * largestOnFace;
            face.removeIf(fb -> fb.basis.cols() == 0 || norm(fb.w) <= negligible);
            if (face.isEmpty()) {
                double[] none = new double[n * prog.blocks()];
                Arrays.fill(none, Double.NaN);
                return Optional.of(new Polished(new double[d * prog.blocks()], none));
            }
            if (total > MAX_REDUCED) {
                return Optional.empty();
            }
            Outcome out = newton(prog, face, total, beta);
            if (out == Outcome.FAILED) {
                return Optional.empty();
            }
            if (out == Outcome.BLOCKED) {
                continue;
            }
            double[][] nu = multipliers(prog, face, beta);
            if (!releaseMostNegative(face, nu, x, beta) && !addViolatedBlocks(prog, face, beta)) {
                return Optional.of(new Polished(expand(face, d, prog.blocks()), multiplierArray(face, nu, n,
                        prog.blocks())));
            }
        }
        // still a feasible point of the last face; its duality gap decides whether it is kept
        return Optional.of(new Polished(expand(face, d, prog.blocks()), multiplierArray(face,
                multipliers(prog, face, beta), n, prog.blocks())));
    }

    /**
     * Adds to the face the zero blocks whose dual constraint max_{u ∈ C_b, ‖u‖ ≤ 1} (A_bᵀλ)ᵀu ≤ β
     * the current point violates (λ = y − Aw): along the steepest cone direction u the objective
     * decreases, so such a block is nonzero at the optimum. It enters at a small multiple of u with
     * the cone rows tight at u. False when no zero block violates its constraint.
     */
    private static boolean addViolatedBlocks(PatternConeProgram prog, List<FaceBlock> face, double beta) {
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
                double rn = Math.sqrt(rowNormSq(x, k));
                if (rn > 0 && sg[k] * xu[k] <= FEASIBILITY_SLACK * rn * un) {
                    tight.add(k);
                }
            }
            double[] w = new double[d];
            double step = ENTRY_STEP * Math.max(scale, 1e-8) / un;
            for (int j = 0; j < d; j++) {
                w[j] = step * u[j];
            }
            face.add(new FaceBlock(b, tight, w));
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
    private static boolean releaseMostNegative(List<FaceBlock> face, double[][] nu, Matrix x, double beta) {
        boolean released = false;
        double threshold = -1e-9 * Math.max(1.0, beta);
        for (int j = 0; j < face.size(); j++) {
            int worstRow = -1;
            double worst = threshold;
            int i = 0;
            for (int k : face.get(j).tight) {
                double scaled = nu[j][i++] * Math.sqrt(rowNormSq(x, k));
                if (scaled < worst) {
                    worst = scaled;
                    worstRow = k;
                }
            }
            if (worstRow >= 0) {
                face.get(j).tight.remove(worstRow);
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
     * tight too, until none is violated (or only w_b = 0 remains).
     */
    private static void projectOntoFace(PatternConeProgram prog, FaceBlock fb) {
        Matrix x = prog.x();
        int n = prog.n;
        int moff = (fb.b % prog.p) * n;
        while (true) {
            fb.basis = nullSpace(x, fb.tight);
            if (fb.basis.cols() == 0) {
                return;
            }
            fb.w = fb.basis.times(fb.basis.transposeTimes(fb.w));
            double[] xw = x.times(fb.w);
            double wNorm = 0;
            for (double v : fb.w) {
                wNorm += v * v;
            }
            // a just-released constraint sits at 0 up to rounding; only a real violation makes it tight again
            double slack = FEASIBILITY_SLACK * Math.sqrt(wNorm);
            boolean added = false;
            for (int k = 0; k < n; k++) {
                double rowNormSq = rowNormSq(x, k);
                if (!fb.tight.contains(k) && rowNormSq > 0
                        && prog.signs()[moff + k] * xw[k] < -slack * Math.sqrt(rowNormSq)) {
                    fb.tight.add(k);
                    added = true;
                }
            }
            if (!added) {
                return;
            }
        }
    }

    /** Damped Newton on the face; a step blocked by a strict cone constraint makes it tight. */
    private static Outcome newton(PatternConeProgram prog, List<FaceBlock> face, int total, double beta) {
        int n = prog.n;
        int p = prog.p;
        int m = face.size();
        int[] offset = new int[m + 1];
        double[] a = new double[n * total];
        double[][] cone = new double[m][];
        double[] theta = new double[total];
        double[] signs = prog.signs();
        double[] masks = prog.masks();
        for (int j = 0; j < m; j++) {
            FaceBlock fb = face.get(j);
            int r = fb.basis.cols();
            offset[j + 1] = offset[j] + r;
            Matrix xn = prog.x().times(fb.basis);
            double out = fb.b < p ? 1.0 : -1.0;
            int moff = (fb.b % p) * n;
            cone[j] = new double[n * r];
            for (int c = 0; c < r; c++) {
                for (int k = 0; k < n; k++) {
                    double v = xn.get(k, c);
                    a[k + (offset[j] + c) * n] = out * masks[moff + k] * v;
                    cone[j][k + c * n] = signs[moff + k] * v;
                }
            }
            double[] t = fb.basis.transposeTimes(fb.w);
            System.arraycopy(t, 0, theta, offset[j], r);
        }
        Matrix am = Matrix.ofColumnMajor(n, total, a);
        Matrix gram = am.transposeTimes(am);
        double[] y = prog.y();
        double[] aty = am.transposeTimes(y);
        double damping = 1e-13 * Math.max(1.0, gram.trace() / total);
        double gradScale = Math.max(1.0, maxAbs(aty) + beta);
        double f = objective(am, y, theta, offset, beta);
        Outcome outcome = Outcome.FAILED;
        for (int it = 0; it < MAX_NEWTON; it++) {
            double[] g = new double[total];
            double[] h = gram.toColumnMajor();
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
            double tMax = maxFeasibleStep(theta, step, offset, cone, face, n, blocker);
            if (tMax < 1.0) {
                double[] next = axpy(theta, tMax, step);
                if (objective(am, y, next, offset, beta) <= f) {
                    System.arraycopy(next, 0, theta, 0, total);
                    store(face, theta, offset);
                    face.get(blocker[0]).tight.add(blocker[1]);
                    return Outcome.BLOCKED;
                }
            }
            double t = Math.min(1.0, tMax);
            boolean accepted = false;
            for (int ls = 0; ls < 60; ls++, t *= 0.5) {
                double[] next = axpy(theta, t, step);
                double fn = objective(am, y, next, offset, beta);
                if (fn <= f + 1e-4 * t * slope) {
                    accepted = true;
                    f = fn;
                    System.arraycopy(next, 0, theta, 0, total);
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
    private static double maxFeasibleStep(double[] theta, double[] step, int[] offset, double[][] cone,
            List<FaceBlock> face, int n, int[] blocker) {
        double tMax = Double.POSITIVE_INFINITY;
        for (int j = 0; j < face.size(); j++) {
            int o = offset[j];
            int r = offset[j + 1] - o;
            FaceBlock fb = face.get(j);
            for (int k = 0; k < n; k++) {
                if (fb.tight.contains(k)) {
                    continue;
                }
                double c0 = 0;
                double dc = 0;
                for (int c = 0; c < r; c++) {
                    c0 += cone[j][k + c * n] * theta[o + c];
                    dc += cone[j][k + c * n] * step[o + c];
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

    private static double objective(Matrix a, double[] y, double[] theta, int[] offset, double beta) {
        double[] f = a.times(theta);
        double v = 0;
        for (int k = 0; k < y.length; k++) {
            v += 0.5 * (f[k] - y[k]) * (f[k] - y[k]);
        }
        for (int j = 0; j + 1 < offset.length; j++) {
            double norm = 0;
            for (int c = offset[j]; c < offset[j + 1]; c++) {
                norm += theta[c] * theta[c];
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

    private static double rowNormSq(Matrix x, int k) {
        double s = 0;
        for (int j = 0; j < x.cols(); j++) {
            s += x.get(k, j) * x.get(k, j);
        }
        return s;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
