package org.deepdual.train;

/**
 * The full-batch optimizers of the non-convex baseline, with their CLI names: gradient descent
 * with Armijo backtracking ({@code gd}), Adam ({@code adam}) and L-BFGS ({@code lbfgs}).
 */
public enum Optimizer {
    GD("gd"),
    ADAM("adam"),
    LBFGS("lbfgs");

    private final String cliName;

    Optimizer(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Optimizer fromCliName(String name) {
        for (Optimizer o : values()) {
            if (o.cliName.equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected gd, adam or lbfgs");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
