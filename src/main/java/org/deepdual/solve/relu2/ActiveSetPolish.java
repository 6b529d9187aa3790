package org.deepdual.solve.relu2;

import static org.deepdual.linalg.Vectors.norm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;

/**
 * Active-set polishing of an ADMM iterate of the pattern program (docs/theory.md §9). ADMM converges
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
 * <p>A round changes the face of one block or a few, so the face data of a block ({@link FaceBlock}:
 * its basis and columns of A; {@link FaceGram}: their Gram products) is kept across rounds and
 * recomputed only when the block's tight set changed: at n = 1000 a polish needs ~2,000 rounds. The
 * Newton runs on a face are {@link FaceNewton}'s.
 */
final class ActiveSetPolish {
    /** Dense Newton only below this many reduced variables (the R × R Hessian). */
    static final int MAX_REDUCED = 2500;
    /**
     * Rounds allowed: this many plus {@link #ROUNDS_PER_VARIABLE} per variable of the first face's
     * blocks (d per block). Each round changes at most one constraint per block, and a face of many
     * blocks in many-point cones needs a few changes per variable.
     */
    private static final int MIN_ROUNDS = 400;
    private static final int ROUNDS_PER_VARIABLE = 10;
    /** Relative cone violation (of ‖x_k‖‖w_b‖) below which a strict constraint counts as satisfied. */
    static final double FEASIBILITY_SLACK = 1e-11;
    /** A zero block enters only when its dual constraint is violated by more than this relative margin. */
    private static final double ADD_MARGIN = 1e-9;
    /** A block whose projection onto its face is below this fraction of the largest block leaves the face. */
    private static final double NEGLIGIBLE_ON_FACE = 1e-9;
    /** An entering block starts at this fraction of the largest block norm. */
    private static final double ENTRY_STEP = 1e-3;

    private ActiveSetPolish() {
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
     * The polished blocks (d × 2P), or empty when the face is too large or degenerate. Blocks below
     * {@code drop} times the largest block norm are left out of the initial face.
     */
    static Optional<Polished> polish(PatternConeProgram prog, double[] z, double[] s, double beta, double drop) {
        List<FaceBlock> face = initialFace(prog, z, s, drop);
        if (face.isEmpty()) {
            return Optional.empty();
        }
        FaceGram gram = new FaceGram(prog.n, prog.blocks());
        int maxRounds = MIN_ROUNDS + ROUNDS_PER_VARIABLE * prog.d * face.size();
        Map<FaceIdentity, Double> converged = new HashMap<>();
        for (int round = 0; round < maxRounds; round++) {
            for (FaceBlock fb : face) {
                fb.project(prog, gram);
            }
            leaveDegenerateBlocks(face);
            if (face.isEmpty()) {
                double[] none = new double[prog.n * prog.blocks()];
                Arrays.fill(none, Double.NaN);
                return Optional.of(new Polished(new double[prog.d * prog.blocks()], none));
            }
            int total = face.stream().mapToInt(FaceBlock::rank).sum();
            if (total > MAX_REDUCED) {
                return Optional.empty();
            }
            FaceNewton.Outcome out = FaceNewton.minimize(prog, face, beta, gram);
            if (out == FaceNewton.Outcome.FAILED) {
                return Optional.empty();
            }
            if (out == FaceNewton.Outcome.BLOCKED) {
                continue;
            }
            double[] lambda = dualResidual(prog, face);
            double[][] nu = multipliers(prog, face, lambda, beta);
            // on a degenerate face (more tight rows than the block's dimension allows independently) the
            // least-squares multipliers are not unique, and release and re-blocking can cycle through
            // faces already optimized: a face met again without a lower objective ends the polish
            double value = faceObjective(face, lambda, beta);
            Double before = converged.put(FaceIdentity.of(face), value);
            if (before != null && value >= before - 1e-12 * Math.max(1.0, Math.abs(before))) {
                return Optional.of(polished(prog, face, nu));
            }
            if (!releaseMostNegative(face, nu, prog.rowNorms(), beta) && !addViolatedBlocks(prog, face, lambda, beta)) {
                return Optional.of(polished(prog, face, nu));
            }
        }
        // still a feasible point of the last face; its duality gap decides whether it is kept
        return Optional.of(polished(prog, face, multipliers(prog, face, dualResidual(prog, face), beta)));
    }

    /**
     * The nonzero blocks of z not below {@code drop} times the largest, each with the rows where the
     * ADMM's slack is zero or the block's cone constraint is not strictly met as its tight set.
     */
    private static List<FaceBlock> initialFace(PatternConeProgram prog, double[] z, double[] s, double drop) {
        int d = prog.d;
        int n = prog.n;
        Matrix x = prog.x();
        double[] rowNorms = prog.rowNorms();
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
        return face;
    }

    /**
     * Removes the blocks whose tight constraints leave only w_b = 0, and those the projection left
     * negligible: their penalty's curvature β/‖θ_b‖ would swamp the Newton system (a block the optimum
     * needs re-enters through its violated dual constraint).
     */
    private static void leaveDegenerateBlocks(List<FaceBlock> face) {
        double largestOnFace = 0;
        for (FaceBlock fb : face) {
            largestOnFace = Math.max(largestOnFace, norm(fb.w));
        }
        double negligible = NEGLIGIBLE_ON_FACE * largestOnFace;
        face.removeIf(fb -> fb.rank() == 0 || norm(fb.w) <= negligible);
    }

    /** The face's blocks as d × 2P and its multipliers as n × 2P. */
    private static Polished polished(PatternConeProgram prog, List<FaceBlock> face, double[][] nu) {
        return new Polished(expand(face, prog.d, prog.blocks()), multiplierArray(face, nu, prog.n, prog.blocks()));
    }

    /** λ = y − Σ_b A_b w_b at the face's blocks. */
    private static double[] dualResidual(PatternConeProgram prog, List<FaceBlock> face) {
        int n = prog.n;
        double[] lambda = prog.y().clone();
        for (FaceBlock fb : face) {
            double[] xw = prog.x().times(fb.w);
            double out = fb.b < prog.p ? 1.0 : -1.0;
            int moff = (fb.b % prog.p) * n;
            for (int k = 0; k < n; k++) {
                lambda[k] -= out * prog.masks()[moff + k] * xw[k];
            }
        }
        return lambda;
    }

    /** ½‖λ‖² + β Σ_b ‖w_b‖ at the face's blocks, λ their {@link #dualResidual}. */
    private static double faceObjective(List<FaceBlock> face, double[] lambda, double beta) {
        double v = 0;
        for (FaceBlock fb : face) {
            v += beta * norm(fb.w);
        }
        for (double l : lambda) {
            v += 0.5 * l * l;
        }
        return v;
    }

    /**
     * Adds to the face the zero blocks whose dual constraint max_{u ∈ C_b, ‖u‖ ≤ 1} (A_bᵀλ)ᵀu ≤ β
     * the current point violates (λ = y − Aw, its {@link #dualResidual}): along the steepest cone direction u the objective
     * decreases, so such a block is nonzero at the optimum. It enters at a small multiple of u with
     * the cone rows tight at u. False when no zero block violates its constraint.
     */
    private static boolean addViolatedBlocks(PatternConeProgram prog, List<FaceBlock> face, double[] lambda,
            double beta) {
        int n = prog.n;
        int p = prog.p;
        int d = prog.d;
        Matrix x = prog.x();
        double[] rowNorms = prog.rowNorms();
        boolean[] inFace = new boolean[prog.blocks()];
        double scale = 0;
        for (FaceBlock fb : face) {
            inFace[fb.b] = true;
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

    /**
     * The cone multipliers of each face block over its tight rows (in increasing row order): the
     * least-squares solution of G_{b,T}ᵀν = A_bᵀ(Aw − y) + βw_b/‖w_b‖, with λ = y − Aw.
     */
    private static double[][] multipliers(PatternConeProgram prog, List<FaceBlock> face, double[] lambda,
            double beta) {
        int n = prog.n;
        int p = prog.p;
        int d = prog.d;
        Matrix x = prog.x();
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
                masked[k] = -out * prog.masks()[moff + k] * lambda[k];
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

    private static double[] expand(List<FaceBlock> face, int d, int nb) {
        double[] z = new double[d * nb];
        for (FaceBlock fb : face) {
            System.arraycopy(fb.w, 0, z, fb.b * d, d);
        }
        return z;
    }

    static double blockNorm(double[] z, int b, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += z[b * d + j] * z[b * d + j];
        }
        return Math.sqrt(s);
    }
}
