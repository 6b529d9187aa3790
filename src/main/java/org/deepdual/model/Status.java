package org.deepdual.model;

/**
 * The status of a solve (docs/cli.md §Statuses): {@code OPTIMAL} — the value is the global optimum;
 * {@code BOUNDS} — only a lower (dual) and an upper (primal) bound are known; {@code FAILED} — the
 * reason says why.
 */
public enum Status {
    OPTIMAL,
    BOUNDS,
    FAILED
}
