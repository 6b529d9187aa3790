package org.deepdual.sweep;

import java.io.Serializable;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Loss;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;

/**
 * A {@link CellGroup} as it travels to an executor (plain fields, so Java and Kryo serialization
 * both work): the path's parameters, its β values with their cell ids, which cells to write (the
 * missing ones; the whole path is solved) and which get a baseline.
 */
final class GroupTask implements Serializable {
    private static final long serialVersionUID = 1L;

    String groupId;
    String data;
    String fingerprint;
    String setting;
    String variant;
    String objective;
    double t = Double.NaN;
    int width = -1;
    int depth;
    long seed;
    int patterns;
    String loss;
    double[] betas;
    String[] cellIds;
    boolean[] write;
    boolean[] baseline;

    GroupTask() {
        // for Kryo
    }

    static GroupTask of(CellGroup g, String[] ids, boolean[] write, boolean[] baseline) {
        GroupTask t = new GroupTask();
        t.groupId = g.id();
        t.data = g.data();
        t.fingerprint = g.dataFingerprint();
        t.setting = g.setting().cliName();
        t.variant = g.variant().map(BnVariant::cliName).orElse(null);
        t.objective = g.objective().cliName();
        t.t = g.t().orElse(Double.NaN);
        t.width = g.width().orElse(-1);
        t.depth = g.depth();
        t.seed = g.seed();
        t.patterns = g.patterns();
        t.loss = g.loss().cliName();
        t.betas = g.betas();
        t.cellIds = ids.clone();
        t.write = write.clone();
        t.baseline = baseline.clone();
        return t;
    }

    Setting settingValue() {
        return Setting.fromCliName(setting);
    }

    Problem problem(int i) {
        return new Problem(settingValue(), Optional.ofNullable(variant).map(BnVariant::fromCliName),
                Objective.fromCliName(objective), betas[i], depth,
                Double.isNaN(t) ? OptionalDouble.empty() : OptionalDouble.of(t),
                width < 0 ? OptionalInt.empty() : OptionalInt.of(width), seed, patterns,
                loss == null ? Loss.SQUARED : Loss.fromCliName(loss));
    }

    int size() {
        return betas.length;
    }

    int writeCount() {
        int n = 0;
        for (boolean w : write) {
            n += w ? 1 : 0;
        }
        return n;
    }

    boolean anyBaseline() {
        for (int i = 0; i < write.length; i++) {
            if (write[i] && baseline[i]) {
                return true;
            }
        }
        return false;
    }
}
