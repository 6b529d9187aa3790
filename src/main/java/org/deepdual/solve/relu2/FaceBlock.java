package org.deepdual.solve.relu2;

import static org.deepdual.linalg.Vectors.norm;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * One block of a face: its index b, tight rows T_b, current value w_b, and what depends on T_b
 * only: the orthonormal basis N_b of {w : x_kᵀw = 0, k ∈ T_b} (null once T_b changed), the block's
 * columns ±D_bXN_b of A, its cone rows (2D_b − I)XN_b (both n × r) and (±D_bXN_b)ᵀy. Part of
 * {@link ActiveSetPolish} (docs/theory.md §9): the data is recomputed only when T_b changed.
 */
final class FaceBlock {
    final int b;
    final TreeSet<Integer> tight;
    final boolean[] isTight;
    double[] w;
    Matrix basis;
    double[] columns;
    double[] cone;
    double[] aty;
    /** Identifies this basis in the {@link FaceGram}. */
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

    /**
     * Projects w_b onto {x_kᵀw = 0, k ∈ T_b}; a strict constraint the projection violates becomes
     * tight too, until none is violated (or only w_b = 0 remains). Then forms the block's columns
     * of A and cone rows on the new basis. A block whose T_b is unchanged keeps all of it: the
     * Newton steps keep w_b on its face and feasible.
     */
    void project(PatternConeProgram prog, FaceGram gram) {
        if (basis != null) {
            return;
        }
        Matrix x = prog.x();
        double[] rowNorms = prog.rowNorms();
        int n = prog.n;
        int moff = (b % prog.p) * n;
        while (true) {
            Matrix candidate = nullSpace(x, tight);
            if (candidate.cols() == 0) {
                basis = candidate;
                return;
            }
            w = candidate.times(candidate.transposeTimes(w));
            double[] xw = x.times(w);
            // a just-released constraint sits at 0 up to rounding; only a real violation makes it tight again
            double slack = ActiveSetPolish.FEASIBILITY_SLACK * norm(w);
            boolean added = false;
            for (int k = 0; k < n; k++) {
                if (!isTight[k] && rowNorms[k] > 0 && prog.signs()[moff + k] * xw[k] < -slack * rowNorms[k]) {
                    tighten(k);
                    added = true;
                }
            }
            if (!added) {
                basis = candidate;
                break;
            }
        }
        int r = basis.cols();
        double[] xn = new double[n * r];
        prog.timesX(basis.toColumnMajor(), r, xn);
        double out = b < prog.p ? 1.0 : -1.0;
        double[] masks = prog.masks();
        double[] signs = prog.signs();
        double[] y = prog.y();
        columns = new double[n * r];
        cone = new double[n * r];
        aty = new double[r];
        for (int c = 0; c < r; c++) {
            double dot = 0;
            for (int k = 0; k < n; k++) {
                double v = xn[k + c * n];
                double a = out * masks[moff + k] * v;
                columns[k + c * n] = a;
                cone[k + c * n] = signs[moff + k] * v;
                dot += a * y[k];
            }
            aty[c] = dot;
        }
        version = gram.stamp();
    }

    /** An orthonormal basis (d × r) of {w : x_kᵀw = 0 for k in rows}. */
    private static Matrix nullSpace(Matrix x, java.util.Collection<Integer> rows) {
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
}
