package org.deepdual.model;

/** The hidden-layer nonlinearity σ of docs/theory.md §1. */
public enum Activation {
    IDENTITY,
    RELU;

    public double apply(double v) {
        return this == RELU && v < 0 ? 0.0 : v;
    }
}
