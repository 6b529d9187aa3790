package org.deepdual.solve.core;

/**
 * What a closed-form solve returns. {@link #WEIGHTS} (the default everywhere a cell is solved) rebuilds the
 * explicit optimal network, so that the primal is recomputed by a forward pass and the statistics can be
 * measured. {@link #CERTIFICATE_ONLY} stops at the optimal value, the dual bound and t*: the solution has no
 * network and its status and certificate are otherwise the same; it serves callers that only scan values
 * (along β, for example) and is what the throughput benchmark reports as "values and certificate only".
 */
public enum Reconstruction {
    WEIGHTS,
    CERTIFICATE_ONLY
}
