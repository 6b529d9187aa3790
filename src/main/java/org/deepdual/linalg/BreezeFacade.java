package org.deepdual.linalg;

import breeze.linalg.DenseMatrix;
import breeze.linalg.DenseMatrix$mcD$sp;
import breeze.linalg.DenseVector;
import breeze.linalg.eigSym;

/**
 * The only class that speaks Breeze. Scala implicits are passed explicitly through the
 * {@code UImpl} singletons, because {@code eigSym$.MODULE$.apply(m, impl)} does not type-check
 * from Java (generic invariance).
 */
final class BreezeFacade {
    private BreezeFacade() {
    }

    static DenseMatrix<Object> wrap(int rows, int cols, double[] colMajor) {
        return new DenseMatrix$mcD$sp(rows, cols, colMajor);
    }

    /** Eigenvalues ascending and eigenvectors (columns) of a symmetric matrix, via LAPACK dsyev. */
    static SymmetricEigen eigSym(Matrix symmetric) {
        int n = symmetric.rows();
        DenseMatrix<Object> m = wrap(n, n, symmetric.toColumnMajor());
        eigSym.EigSym<DenseVector<Object>, DenseMatrix<Object>> e = eigSym.EigSym_DM_Impl$.MODULE$.apply(m);
        double[] values = new double[n];
        DenseVector<Object> ev = e.eigenvalues();
        for (int i = 0; i < n; i++) {
            values[i] = ev.apply$mcD$sp(i);
        }
        DenseMatrix<Object> vecs = e.eigenvectors();
        double[] v = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                v[i + j * n] = vecs.apply$mcD$sp(i, j);
            }
        }
        return new SymmetricEigen(values, Matrix.wrap(n, n, v));
    }
}
