package org.deepdual.train;

/**
 * Where the first working set of a {@code relu2} cell with sampled activation patterns comes from
 * (docs/theory.md §9, column generation): {@code lbfgs} adds the neurons of a short, seeded L-BFGS
 * run of the same network and objective ({@link BaselineSeeding}), so the cell's value is at most
 * that network's objective; {@code none} starts from the sampled patterns alone. The spec key and
 * CLI option of the same name ({@code relu2_seed}, {@code --relu2-seed}) default to {@code lbfgs}.
 */
public enum Relu2Seed {
    LBFGS("lbfgs"),
    NONE("none");

    /** The default of the spec key and the CLI option. */
    public static final Relu2Seed DEFAULT = LBFGS;

    private final String cliName;

    Relu2Seed(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** @throws IllegalArgumentException naming the value when it is neither lbfgs nor none */
    public static Relu2Seed fromCliName(String name) {
        for (Relu2Seed s : values()) {
            if (s.cliName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown relu2 seed '" + name + "'; expected lbfgs or none");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
