package org.deepdual.solve.relu2;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deepdual.linalg.CholeskyFactor;
import org.deepdual.linalg.Matrix;

/**
 * Damped Newton on one face of the pattern program (docs/theory.md §9), for {@link ActiveSetPolish}:
 * {@code min ½‖Σ_j A_jN_jθ_j − y‖² + β Σ_j ‖θ_j‖} over the face's reduced variables θ, smooth while
 * every θ_j ≠ 0. A step that a strict cone constraint blocks stops at the constraint and makes it tight.
 */
final class FaceNewton {
    private static final int MAX_NEWTON = 30;

    private FaceNewton() {
    }

    /** How a Newton run on a face ended. */
    enum Outcome {
        CONVERGED,
        BLOCKED,
        FAILED
    }

    /** Damped Newton on the face; a step blocked by a strict cone constraint makes it tight. */
    static Outcome minimize(PatternConeProgram prog, List<FaceBlock> face, double beta, FaceGram faceGram) {
        int n = prog.n;
        int m = face.size();
        int[] offset = offsets(face);
        int total = offset[m];
        double[] theta = new double[total];
        double[] aty = new double[total];
        for (int j = 0; j < m; j++) {
            FaceBlock fb = face.get(j);
            System.arraycopy(fb.basis.transposeTimes(fb.w), 0, theta, offset[j], fb.rank());
            System.arraycopy(fb.aty, 0, aty, offset[j], fb.rank());
        }
        double[] g0 = faceGram.matrix(face, offset);
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
            Optional<double[]> newton = newtonStep(g, h, damping);
            if (newton.isEmpty()) {
                return Outcome.FAILED;
            }
            double[] step = newton.get();
            double slope = 0;
            for (int i = 0; i < total; i++) {
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

    /** The first reduced variable of each face block, and the total count last. */
    private static int[] offsets(List<FaceBlock> face) {
        int[] offset = new int[face.size() + 1];
        for (int j = 0; j < face.size(); j++) {
            offset[j + 1] = offset[j] + face.get(j).rank();
        }
        return offset;
    }

    /**
     * The Newton step −(H + δI)⁻¹g, with {@code h} (overwritten) the Hessian and δ a damping that
     * keeps the factorization defined on a nearly singular face; empty when H + δI is not positive
     * definite.
     */
    private static Optional<double[]> newtonStep(double[] g, double[] h, double damping) {
        int total = g.length;
        for (int i = 0; i < total; i++) {
            h[i + i * total] += damping;
        }
        double[] step;
        try {
            step = CholeskyFactor.of(Matrix.ofColumnMajor(total, total, h)).solve(g);
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
        for (int i = 0; i < total; i++) {
            step[i] = -step[i];
        }
        return Optional.of(step);
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

    /** The largest t keeping every strict cone constraint of every block nonnegative, and its blocker. */
    private static double maxFeasibleStep(double[] theta, double[] step, int[] offset, List<FaceBlock> face, int n,
            int[] blocker) {
        double tMax = Double.POSITIVE_INFINITY;
        double[] c0 = new double[n];
        double[] dc = new double[n];
        for (int j = 0; j < face.size(); j++) {
            int o = offset[j];
            int r = offset[j + 1] - o;
            FaceBlock fb = face.get(j);
            java.util.Arrays.fill(c0, 0.0);
            java.util.Arrays.fill(dc, 0.0);
            // column by column over the column-major cone rows: the same sums in the same order as
            // row by row, without striding through memory n apart (the polish's hottest loop)
            for (int c = 0; c < r; c++) {
                double th = theta[o + c];
                double st = step[o + c];
                int co = c * n;
                for (int k = 0; k < n; k++) {
                    c0[k] += fb.cone[co + k] * th;
                    dc[k] += fb.cone[co + k] * st;
                }
            }
            for (int k = 0; k < n; k++) {
                if (fb.isTight[k]) {
                    continue;
                }
                if (dc[k] < 0) {
                    double t = Math.max(c0[k], 0) / -dc[k];
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

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
