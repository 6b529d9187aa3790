package org.deepdual.linalg;

/**
 * The rows R and columns C of an m×n matrix A that hold a nonzero entry, so that A is the r×c block
 * B = A[R, C] surrounded by zeros: a layer padded to a hidden width (docs/theory.md §10), or the
 * diagonal hidden layer of an aligned factorization (docs/theory.md L2). With B = U_B diag(s_B) V_Bᵀ
 * (k_B = min(r, c)), a thin SVD of A (k = min(m, n)) is U_B and V_B placed on the rows R and C, with
 * k − k_B zero singular values whose vectors are coordinate vectors off the block. Those exist when
 * k − k_B ≤ m − r (for U) and k − k_B ≤ n − c (for V); they are orthogonal to the block's vectors and
 * to each other, so the result is a thin SVD of A.
 */
final class NonzeroBlock {
    private final int m;
    private final int n;
    private final int[] rows;
    private final int[] cols;
    private final boolean monomial;
    private final boolean finite;

    private NonzeroBlock(int m, int n, int[] rows, int[] cols, boolean monomial, boolean finite) {
        this.m = m;
        this.n = n;
        this.rows = rows;
        this.cols = cols;
        this.monomial = monomial;
        this.finite = finite;
    }

    /** Also checks the entries are finite, in the same pass (see {@link #finite}). */
    static NonzeroBlock of(Matrix a) {
        int m = a.rows();
        int n = a.cols();
        double[] d = a.raw();
        int[] rowCount = new int[m];
        int[] colCount = new int[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            int base = j * m;
            int first = base;
            // a padded column is all zero: find that with the cheapest possible loop
            while (first < base + m && d[first] == 0.0) {
                first++;
            }
            if (first == base + m) {
                continue;
            }
            int count = 0;
            for (int i = first - base; i < m; i++) {
                double v = d[base + i];
                if (v != 0.0) {
                    rowCount[i]++;
                    count++;
                    // v·0 is ±0 for a finite v and NaN for NaN or ±∞: the sum stays 0 exactly when all are finite
                    sum += v * 0.0;
                }
            }
            colCount[j] = count;
        }
        int[] rows = nonzero(rowCount);
        int[] cols = nonzero(colCount);
        boolean monomial = rows.length == cols.length;
        for (int i : rows) {
            monomial &= rowCount[i] == 1;
        }
        for (int j : cols) {
            monomial &= colCount[j] == 1;
        }
        return new NonzeroBlock(m, n, rows, cols, monomial, sum == 0.0);
    }

    private static int[] nonzero(int[] counts) {
        int k = 0;
        for (int c : counts) {
            if (c > 0) {
                k++;
            }
        }
        int[] out = new int[k];
        k = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** Whether every entry of A is finite. */
    boolean finite() {
        return finite;
    }

    /** Whether the block is smaller than A, or has exactly one nonzero per row and column. */
    boolean worthIt() {
        return monomial || rows.length < m || cols.length < n;
    }

    /** Whether the coordinate vectors off the block complete U (for the thin SVD) to k columns. */
    boolean completesLeft() {
        return Math.min(m, n) - Math.min(rows.length, cols.length) <= m - rows.length;
    }

    /** Whether the coordinate vectors off the block complete V to k columns. */
    boolean completesRight() {
        return Math.min(m, n) - Math.min(rows.length, cols.length) <= n - cols.length;
    }

    /** One nonzero per row and column of the block: its SVD is a signed permutation, exactly. */
    boolean monomial() {
        return monomial;
    }

    /** B = A[R, C]. */
    Matrix extract(Matrix a) {
        int r = rows.length;
        int c = cols.length;
        double[] src = a.raw();
        double[] out = new double[r * c];
        for (int j = 0; j < c; j++) {
            int base = cols[j] * m;
            for (int i = 0; i < r; i++) {
                out[i + j * r] = src[base + rows[i]];
            }
        }
        return Matrix.wrap(r, c, out);
    }

    /**
     * The exact SVD of a monomial block: σ = |B_{i,π(i)}| in non-increasing order (ties by column),
     * u = sign·e_i, v = e_{π(i)}, returned already on A's rows and columns.
     */
    Svd monomialSvd(Matrix a) {
        int kb = cols.length;
        double[] src = a.raw();
        Integer[] order = new Integer[kb];
        int[] rowOf = new int[kb];
        double[] value = new double[kb];
        for (int j = 0; j < kb; j++) {
            int base = cols[j] * m;
            for (int i : rows) {
                if (src[base + i] != 0.0) {
                    rowOf[j] = i;
                    value[j] = src[base + i];
                }
            }
            order[j] = j;
        }
        java.util.Arrays.sort(order, (x, y) -> {
            int byValue = Double.compare(Math.abs(value[y]), Math.abs(value[x]));
            return byValue != 0 ? byValue : Integer.compare(x, y);
        });
        int k = Math.min(m, n);
        double[] s = new double[k];
        double[] u = new double[m * k];
        double[] v = new double[n * k];
        for (int t = 0; t < kb; t++) {
            int j = order[t];
            s[t] = Math.abs(value[j]);
            u[rowOf[j] + t * m] = value[j] > 0 ? 1.0 : -1.0;
            v[cols[j] + t * n] = 1.0;
        }
        completeWithCoordinates(u, m, k, kb, rows);
        completeWithCoordinates(v, n, k, kb, cols);
        return new Svd(Matrix.wrap(m, k, u), s, Matrix.wrap(n, k, v));
    }

    /** The block's thin SVD on A's rows (U), with the coordinate completion; needs {@link #completesLeft}. */
    Matrix embedLeft(Matrix blockU) {
        return embed(blockU, m, rows);
    }

    /** The block's V on A's columns, with the coordinate completion; needs {@link #completesRight}. */
    Matrix embedRight(Matrix blockV) {
        return embed(blockV, n, cols);
    }

    /** The block's singular values followed by k − k_B zeros. */
    double[] embedValues(double[] blockS) {
        return java.util.Arrays.copyOf(blockS, Math.min(m, n));
    }

    private Matrix embed(Matrix block, int size, int[] index) {
        int k = Math.min(m, n);
        int kb = block.cols();
        double[] src = block.raw();
        double[] out = new double[size * k];
        for (int t = 0; t < kb; t++) {
            for (int i = 0; i < index.length; i++) {
                out[index[i] + t * size] = src[i + t * index.length];
            }
        }
        completeWithCoordinates(out, size, k, kb, index);
        return Matrix.wrap(size, k, out);
    }

    /** Columns kb..k−1 of the size×k array {@code out}: e_i for the first indices i not in {@code used}. */
    private static void completeWithCoordinates(double[] out, int size, int k, int kb, int[] used) {
        int t = kb;
        int next = 0;
        for (int i = 0; i < size && t < k; i++) {
            if (next < used.length && used[next] == i) {
                next++;
                continue;
            }
            out[i + t * size] = 1.0;
            t++;
        }
        if (t < k) {
            throw new IllegalStateException("coordinate completion needs " + (k - kb) + " free lines, found "
                    + (t - kb));
        }
    }
}
