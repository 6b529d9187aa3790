package org.deepdual.report;

import java.util.Objects;

/**
 * A cell where one of the invariants of docs/theory.md §11 did not hold: which invariant, what the
 * theory expects and what the row measured.
 */
public record Violation(CellRow cell, String invariant, String expected, String measured) {
    public Violation {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(invariant, "invariant");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(measured, "measured");
    }
}
