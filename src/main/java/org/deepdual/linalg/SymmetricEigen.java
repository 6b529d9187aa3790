package org.deepdual.linalg;

/**
 * A symmetric eigendecomposition {@code A = Q diag(values) Qᵀ}; values ascending, the columns of
 * {@code vectors} orthonormal.
 */
public record SymmetricEigen(double[] values, Matrix vectors) {
}
