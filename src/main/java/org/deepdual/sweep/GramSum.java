package org.deepdual.sweep;

import java.io.Serializable;
import org.deepdual.linalg.Matrix;
import org.deepdual.solve.linear.GramFactors;

/**
 * A mergeable partial sum of the Gram factors XᵀX, XᵀY, ‖Y‖² over row blocks. Each block's products
 * come from BLAS in double; blocks and partitions are added with Neumaier's compensated summation, so
 * the error of the total does not grow with the number of blocks (n/4096 of them) beyond one rounding
 * per entry plus the blocks' own.
 */
final class GramSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int d;
    private final int k;
    private long n;
    private final double[] sum;
    private final double[] carry;

    GramSum(int d, int k) {
        this.d = d;
        this.k = k;
        this.sum = new double[d * d + d * k + 1];
        this.carry = new double[sum.length];
    }

    /** Adds the block of rows {@code x} (m × d) with targets {@code y} (m × K). */
    GramSum add(Matrix x, Matrix y) {
        double[] g = x.transposeTimes(x).toColumnMajor();
        double[] c = x.transposeTimes(y).toColumnMajor();
        for (int i = 0; i < g.length; i++) {
            accumulate(i, g[i], 0);
        }
        for (int i = 0; i < c.length; i++) {
            accumulate(d * d + i, c[i], 0);
        }
        accumulate(sum.length - 1, y.frobeniusNormSquared(), 0);
        n += x.rows();
        return this;
    }

    GramSum merge(GramSum other) {
        for (int i = 0; i < sum.length; i++) {
            accumulate(i, other.sum[i], other.carry[i]);
        }
        n += other.n;
        return this;
    }

    private void accumulate(int i, double v, double vCarry) {
        double s = sum[i];
        double t = s + v;
        carry[i] += (Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s) + vCarry;
        sum[i] = t;
    }

    GramFactors factors() {
        double[] total = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            total[i] = sum[i] + carry[i];
        }
        double[] g = java.util.Arrays.copyOfRange(total, 0, d * d);
        double[] c = java.util.Arrays.copyOfRange(total, d * d, d * d + d * k);
        return new GramFactors(Math.toIntExact(n), d, k, g, c, total[sum.length - 1]);
    }
}
