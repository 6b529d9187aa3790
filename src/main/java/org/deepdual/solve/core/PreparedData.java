package org.deepdual.solve.core;

import org.deepdual.data.Dataset;

/**
 * What a solver precomputes once per data set (thin SVD of X, whitening, SVD of Y or path
 * targets, sign split, class structure) and reuses for every (β, L) cell of a sweep.
 */
public interface PreparedData {
    Dataset data();
}
