package org.deepdual.train;

/** One full-batch optimizer running on a {@link TrainingObjective}, one iteration at a time. */
interface Descent {

    /**
     * Takes one iteration from the current point. Returns false when no decrease can be found any
     * more (the search direction gives no decrease the floating-point objective can resolve), which
     * the trainer treats as convergence.
     */
    boolean step();

    /** The current point (not a copy; do not modify). */
    double[] point();

    /** F at the current point. */
    double value();

    static Descent create(Optimizer optimizer, TrainingObjective f, double[] start) {
        return switch (optimizer) {
            case GD -> new GradientDescent(f, start);
            case ADAM -> new Adam(f, start);
            case LBFGS -> new Lbfgs(f, start);
        };
    }
}
