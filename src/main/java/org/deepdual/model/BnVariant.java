package org.deepdual.model;

/** What follows the batch-normalization layer (docs/theory.md §8): ReLU or the identity. */
public enum BnVariant {
    RELU("relu"),
    LINEAR("linear");

    private final String cliName;

    BnVariant(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static BnVariant fromCliName(String name) {
        for (BnVariant v : values()) {
            if (v.cliName.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown bn variant '" + name + "'; expected relu or linear");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
