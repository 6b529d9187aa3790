package org.deepdual.linalg;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense real matrix stored column-major, immutable from the outside.
 *
 * <p>Rows are samples and columns are features, as in docs/theory.md §1 ({@code X ∈ R^{n×d}}).
 * Every operation returns a new matrix; the backing array never escapes. Products large enough
 * to profit from native BLAS go through {@link Blas}; small ones stay in plain Java, where a JNI
 * call would cost more than the arithmetic.
 */
public final class Matrix {
    private static final long BLAS_FLOP_THRESHOLD = 32L * 32 * 32;

    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("shape " + rows + "x" + cols + " needs " + ((long) rows * cols)
                    + " entries, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** Wraps without copying; only for arrays that no one else holds. */
    static Matrix wrap(int rows, int cols, double[] colMajor) {
        return new Matrix(rows, cols, colMajor);
    }

    /** A copy of {@code colMajor} as a rows × cols matrix. */
    public static Matrix ofColumnMajor(int rows, int cols, double[] colMajor) {
        return new Matrix(rows, cols, colMajor.clone());
    }

    /** A matrix from row arrays; every row must have the same length. */
    public static Matrix ofRows(double[][] rowArrays) {
        int n = rowArrays.length;
        int d = n == 0 ? 0 : rowArrays[0].length;
        double[] a = new double[n * d];
        for (int i = 0; i < n; i++) {
            if (rowArrays[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rowArrays[i].length
                        + " entries, row 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                a[i + j * n] = rowArrays[i][j];
            }
        }
        return new Matrix(n, d, a);
    }

    /** An n × 1 column holding {@code v}. */
    public static Matrix column(double... v) {
        return new Matrix(v.length, 1, v.clone());
    }

    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[rows * cols]);
    }

    public static Matrix identity(int n) {
        return rectangularIdentity(n, n);
    }

    /** The rows × cols matrix with ones on the main diagonal (the first columns of an identity). */
    public static Matrix rectangularIdentity(int rows, int cols) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < Math.min(rows, cols); i++) {
            a[i + i * rows] = 1.0;
        }
        return new Matrix(rows, cols, a);
    }

    public static Matrix diagonal(double... diag) {
        int n = diag.length;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i + i * n] = diag[i];
        }
        return new Matrix(n, n, a);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public String shape() {
        return rows + "x" + cols;
    }

    public double get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + shape());
        }
        return data[i + j * rows];
    }

    /** A copy of the column-major entries. */
    public double[] toColumnMajor() {
        return data.clone();
    }

    /** Read-only access for this package's decompositions, which copy before LAPACK overwrites. */
    double[] raw() {
        return data;
    }

    public double[][] toRowArrays() {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = data[i + j * rows];
            }
        }
        return out;
    }

    public double[] column(int j) {
        return Arrays.copyOfRange(data, j * rows, (j + 1) * rows);
    }

    public double[] row(int i) {
        double[] r = new double[cols];
        for (int j = 0; j < cols; j++) {
            r[j] = data[i + j * rows];
        }
        return r;
    }

    /** The entries of an n × 1 or 1 × n matrix as a vector. */
    public double[] asVector() {
        if (rows != 1 && cols != 1) {
            throw new IllegalArgumentException("not a vector: " + shape());
        }
        return data.clone();
    }

    public Matrix transpose() {
        return new Matrix(cols, rows, transposedColumnMajor());
    }

    /**
     * The column-major entries of the transpose (the row-major entries of this matrix), in a new
     * array: the buffer the decompositions hand to LAPACK for the other orientation. Copied in
     * square tiles, so that neither the reads nor the writes stride through a whole column.
     */
    double[] transposedColumnMajor() {
        double[] t = new double[data.length];
        final int tile = 32;
        for (int j0 = 0; j0 < cols; j0 += tile) {
            int j1 = Math.min(cols, j0 + tile);
            for (int i0 = 0; i0 < rows; i0 += tile) {
                int i1 = Math.min(rows, i0 + tile);
                for (int j = j0; j < j1; j++) {
                    int from = j * rows;
                    for (int i = i0; i < i1; i++) {
                        t[j + i * cols] = data[from + i];
                    }
                }
            }
        }
        return t;
    }

    /** The product {@code this · other}. */
    public Matrix times(Matrix other) {
        if (cols != other.rows) {
            throw new IllegalArgumentException("cannot multiply " + shape() + " by " + other.shape());
        }
        int m = rows;
        int k = cols;
        int n = other.cols;
        double[] c = new double[m * n];
        if ((long) m * n * k >= BLAS_FLOP_THRESHOLD) {
            Blas.gemm(false, false, m, n, k, 1.0, data, other.data, 0.0, c);
        } else {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    double b = other.data[p + j * k];
                    if (b == 0.0) {
                        continue;
                    }
                    int aOff = p * m;
                    int cOff = j * m;
                    for (int i = 0; i < m; i++) {
                        c[cOff + i] += data[aOff + i] * b;
                    }
                }
            }
        }
        return new Matrix(m, n, c);
    }

    /** The product {@code thisᵀ · other} without forming the transpose. */
    public Matrix transposeTimes(Matrix other) {
        if (rows != other.rows) {
            throw new IllegalArgumentException("cannot multiply transpose of " + shape() + " by " + other.shape());
        }
        int m = cols;
        int k = rows;
        int n = other.cols;
        double[] c = new double[m * n];
        if ((long) m * n * k >= BLAS_FLOP_THRESHOLD) {
            Blas.gemm(true, false, m, n, k, 1.0, data, other.data, 0.0, c);
        } else {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += data[p + i * k] * other.data[p + j * k];
                    }
                    c[i + j * m] = s;
                }
            }
        }
        return new Matrix(m, n, c);
    }

    /** The product {@code this · v} for a vector v of length cols. */
    public double[] times(double[] v) {
        if (v.length != cols) {
            throw new IllegalArgumentException("cannot multiply " + shape() + " by vector of length " + v.length);
        }
        double[] out = new double[rows];
        for (int j = 0; j < cols; j++) {
            double b = v[j];
            int off = j * rows;
            for (int i = 0; i < rows; i++) {
                out[i] += data[off + i] * b;
            }
        }
        return out;
    }

    /** The product {@code thisᵀ · v} for a vector v of length rows. */
    public double[] transposeTimes(double[] v) {
        if (v.length != rows) {
            throw new IllegalArgumentException("cannot multiply transpose of " + shape() + " by vector of length "
                    + v.length);
        }
        double[] out = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = 0;
            int off = j * rows;
            for (int i = 0; i < rows; i++) {
                s += data[off + i] * v[i];
            }
            out[j] = s;
        }
        return out;
    }

    public Matrix plus(Matrix other) {
        requireSameShape(other, "add");
        double[] c = data.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += other.data[i];
        }
        return new Matrix(rows, cols, c);
    }

    public Matrix minus(Matrix other) {
        requireSameShape(other, "subtract");
        double[] c = data.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] -= other.data[i];
        }
        return new Matrix(rows, cols, c);
    }

    /** Entry-wise product. */
    public Matrix hadamard(Matrix other) {
        requireSameShape(other, "multiply entry-wise");
        double[] c = data.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] *= other.data[i];
        }
        return new Matrix(rows, cols, c);
    }

    public Matrix scale(double s) {
        double[] c = data.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] *= s;
        }
        return new Matrix(rows, cols, c);
    }

    public Matrix map(DoubleUnaryOperator f) {
        double[] c = new double[data.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = f.applyAsDouble(data[i]);
        }
        return new Matrix(rows, cols, c);
    }

    /** Entry-wise max(·, 0). */
    public Matrix relu() {
        // a plain loop rather than map(lambda): the forward passes of ReLU networks spend more time here than in
        // the product before it when the call through the lambda is not inlined
        double[] c = new double[data.length];
        for (int i = 0; i < c.length; i++) {
            double v = data[i];
            c[i] = v > 0 ? v : 0.0;
        }
        return new Matrix(rows, cols, c);
    }

    /** Columns [from, to). */
    public Matrix columns(int from, int to) {
        if (from < 0 || to > cols || from > to) {
            throw new IndexOutOfBoundsException("columns [" + from + ", " + to + ") of " + shape());
        }
        return new Matrix(rows, to - from, Arrays.copyOfRange(data, from * rows, to * rows));
    }

    /** Rows [from, to). */
    public Matrix rowRange(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + shape());
        }
        int r = to - from;
        double[] c = new double[r * cols];
        for (int j = 0; j < cols; j++) {
            System.arraycopy(data, j * rows + from, c, j * r, r);
        }
        return new Matrix(r, cols, c);
    }

    /** The rows listed in {@code index}, in that order. */
    public Matrix selectRows(int[] index) {
        int r = index.length;
        double[] c = new double[r * cols];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < r; i++) {
                c[i + j * r] = data[index[i] + j * rows];
            }
        }
        return new Matrix(r, cols, c);
    }

    /** This matrix placed in the top-left corner of a zero matrix of the given shape (zero padding). */
    public Matrix padTo(int newRows, int newCols) {
        if (newRows < rows || newCols < cols) {
            throw new IllegalArgumentException("cannot pad " + shape() + " to smaller " + newRows + "x" + newCols);
        }
        double[] c = new double[newRows * newCols];
        for (int j = 0; j < cols; j++) {
            System.arraycopy(data, j * rows, c, j * newRows, rows);
        }
        return new Matrix(newRows, newCols, c);
    }

    /** [this, other] side by side. */
    public Matrix appendColumns(Matrix other) {
        if (rows != other.rows) {
            throw new IllegalArgumentException("cannot append columns of " + other.shape() + " to " + shape());
        }
        double[] c = Arrays.copyOf(data, data.length + other.data.length);
        System.arraycopy(other.data, 0, c, data.length, other.data.length);
        return new Matrix(rows, cols + other.cols, c);
    }

    public double frobeniusNorm() {
        double sumSq = frobeniusNormSquared();
        if (sumSq > 1e-250 && sumSq < 1e250) {
            return Math.sqrt(sumSq);
        }
        // the squares under- or overflowed (entries near 1e-160 or 1e160): rescale by the largest
        // entry first, as LAPACK's dnrm2 does
        double s = maxAbs();
        if (s == 0 || !Double.isFinite(s)) {
            return s;
        }
        double t = 0;
        for (double v : data) {
            double q = v / s;
            t += q * q;
        }
        return s * Math.sqrt(t);
    }

    public double frobeniusNormSquared() {
        return Vectors.normSquared(data);
    }

    /** ‖·‖_2, the largest singular value. */
    public double spectralNorm() {
        if (data.length == 0) {
            return 0.0;
        }
        return Decompositions.singularValues(this)[0];
    }

    /** ‖·‖_*, the sum of singular values. */
    public double nuclearNorm() {
        double s = 0;
        for (double v : Decompositions.singularValues(this)) {
            s += v;
        }
        return s;
    }

    public double trace() {
        double s = 0;
        for (int i = 0; i < Math.min(rows, cols); i++) {
            s += data[i + i * rows];
        }
        return s;
    }

    public boolean allFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public double maxAbs() {
        double m = 0;
        for (double v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private void requireSameShape(Matrix other, String what) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException("cannot " + what + " " + shape() + " and " + other.shape());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix ").append(shape());
        if ((long) rows * cols <= 64) {
            for (int i = 0; i < rows; i++) {
                sb.append(i == 0 ? " [" : "; ");
                for (int j = 0; j < cols; j++) {
                    sb.append(j == 0 ? "" : ", ").append(data[i + j * rows]);
                }
            }
            sb.append(rows > 0 ? "]" : "");
        }
        return sb.toString();
    }
}
