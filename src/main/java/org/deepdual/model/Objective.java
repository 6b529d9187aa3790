package org.deepdual.model;

/**
 * The regularised training problem (docs/theory.md §1): {@code WD} puts weight decay (β/2)Σ‖W_l‖²
 * on every layer; {@code TC} decays only the last two layers and bounds ‖W_l‖_F ≤ t for l ≤ L−2.
 */
public enum Objective {
    WD("wd"),
    TC("tc");

    private final String cliName;

    Objective(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Objective fromCliName(String name) {
        for (Objective o : values()) {
            if (o.cliName.equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown objective '" + name + "'; expected wd or tc");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
