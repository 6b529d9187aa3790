package org.deepdual.sweep;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Loss;
import org.deepdual.model.Objective;
import org.deepdual.model.Setting;

/**
 * One {@code settings:} entry of a spec, resolved: the setting (docs/theory.md §4–§9) and its own
 * sub-grid. {@code t} enters {@code tc} cells only; an empty width means the smallest width the
 * solution needs.
 *
 * @param index position in the spec's {@code settings:} list (for key paths in messages)
 * @param variants for {@code bn} the BN variants; for every other setting the single empty variant
 * @param patterns sampled activation patterns ({@code relu2})
 * @param loss the entry's loss (key {@code loss}; squared when absent)
 */
public record SettingGrid(int index, Setting setting, List<Optional<BnVariant>> variants, List<String> data,
        List<Integer> depths, List<Objective> objectives, List<Double> betas, List<Double> ts,
        List<OptionalInt> widths, List<Long> seeds, int patterns, Loss loss) {

    public SettingGrid {
        java.util.Objects.requireNonNull(loss, "loss");
        variants = List.copyOf(variants);
        data = List.copyOf(data);
        depths = List.copyOf(depths);
        objectives = List.copyOf(objectives);
        betas = List.copyOf(betas);
        ts = List.copyOf(ts);
        widths = List.copyOf(widths);
        seeds = List.copyOf(seeds);
    }

    /** A squared-loss entry. */
    public SettingGrid(int index, Setting setting, List<Optional<BnVariant>> variants, List<String> data,
            List<Integer> depths, List<Objective> objectives, List<Double> betas, List<Double> ts,
            List<OptionalInt> widths, List<Long> seeds, int patterns) {
        this(index, setting, variants, data, depths, objectives, betas, ts, widths, seeds, patterns, Loss.SQUARED);
    }

    /** Cells of this entry: data × variant × (objective, t) × width × depth × seed × β. */
    public long cellCount() {
        long objectiveT = 0;
        for (Objective o : objectives) {
            objectiveT += o == Objective.TC ? ts.size() : 1;
        }
        long[] factors = {data.size(), variants.size(), objectiveT, widths.size(), depths.size(), seeds.size(),
            betas.size()};
        long n = 1;
        for (long f : factors) {
            n = Math.multiplyExact(n, f);
        }
        return n;
    }

    /** The key path of this entry, e.g. {@code settings[1]}. */
    public String path() {
        return "settings[" + index + "]";
    }
}
