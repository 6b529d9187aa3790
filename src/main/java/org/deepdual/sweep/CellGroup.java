package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Loss;
import org.deepdual.model.Objective;
import org.deepdual.model.Setting;

/**
 * A β path: the cells that share one prepared data set and differ only in β, for one (data, setting,
 * variant, objective, t, width, depth, seed). It is the unit of work and of resume: a group with any
 * missing cell is solved whole, in increasing β, when its solver warm-starts along the path (so the
 * warm starts stay deterministic); otherwise only its missing cells are solved, which gives the same
 * values. Only the missing cells are written.
 *
 * @param betas distinct, increasing
 */
public record CellGroup(String data, String dataFingerprint, Setting setting, Optional<BnVariant> variant,
        Objective objective, OptionalDouble t, OptionalInt width, int depth, long seed, int patterns,
        double[] betas, Loss loss) {

    public CellGroup {
        java.util.Objects.requireNonNull(loss, "loss");
        betas = betas.clone();
        for (int i = 1; i < betas.length; i++) {
            if (!(betas[i] > betas[i - 1])) {
                throw new IllegalArgumentException("betas of a group must increase, got " + Arrays.toString(betas));
            }
        }
    }

    /** A squared-loss path. */
    public CellGroup(String data, String dataFingerprint, Setting setting, Optional<BnVariant> variant,
            Objective objective, OptionalDouble t, OptionalInt width, int depth, long seed, int patterns,
            double[] betas) {
        this(data, dataFingerprint, setting, variant, objective, t, width, depth, seed, patterns, betas, Loss.SQUARED);
    }

    @Override
    public double[] betas() {
        return betas.clone();
    }

    public int size() {
        return betas.length;
    }

    public double beta(int i) {
        return betas[i];
    }

    public Cell cell(int i) {
        return new Cell(data, dataFingerprint, setting, variant, objective, betas[i], t, width, depth, seed,
                patterns, loss);
    }

    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>(betas.length);
        for (int i = 0; i < betas.length; i++) {
            out.add(cell(i));
        }
        return out;
    }

    /** The ids of the path's cells, in β order ({@link PathIds}). */
    public String[] cellIds() {
        return new PathIds().hex(this);
    }

    /** The id of the group: the hash of its first cell's canonical JSON with β left out. */
    public String id() {
        return CellId.sha256("group:" + CellId.canonicalJson(cell(0)).replaceFirst("\"beta\":[^,]*,", ""));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CellGroup g && g.key().equals(key()) && Arrays.equals(g.betas, betas);
    }

    @Override
    public int hashCode() {
        return 31 * key().hashCode() + Arrays.hashCode(betas);
    }

    @Override
    public String toString() {
        return "CellGroup" + key() + " betas=" + Arrays.toString(betas);
    }

    /** Everything but β: cells with equal keys belong to one path. */
    Key key() {
        return new Key(data, dataFingerprint, setting, variant, objective, t, width, depth, seed,
                setting == Setting.RELU2 ? patterns : 0, loss);
    }

    record Key(String data, String dataFingerprint, Setting setting, Optional<BnVariant> variant,
            Objective objective, OptionalDouble t, OptionalInt width, int depth, long seed, int patterns, Loss loss) {
    }
}
