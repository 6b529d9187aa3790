package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Objective;

/**
 * The cells of a spec as β paths ({@link CellGroup}), in a fixed shuffled order so that expensive
 * paths spread over the batches instead of piling up in one. Overlapping setting entries are merged:
 * each distinct cell appears once. This, with one {@code double[]} of β per path, is all the driver
 * keeps per cell.
 */
public final class SweepGrid {
    /** Fixed so that every run of a spec visits the paths in the same order. */
    static final long ORDER_SEED = 0x5EED_D0A1L;

    private final List<CellGroup> groups;

    private SweepGrid(List<CellGroup> groups) {
        this.groups = List.copyOf(groups);
    }

    /**
     * Expands {@code spec} given each data set's fingerprint.
     *
     * @param fingerprints data set name → fingerprint (from the built data sets)
     */
    public static SweepGrid expand(SweepSpec spec, Map<String, String> fingerprints) {
        // one sorted β array per entry, shared by its paths; only paths that two entries overlap get a merged one
        Map<CellGroup.Key, double[]> paths = new LinkedHashMap<>();
        for (SettingGrid g : spec.settings()) {
            double[] entryBetas = g.betas().stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
            for (String data : g.data()) {
                String fp = fingerprints.get(data);
                if (fp == null) {
                    throw new IllegalArgumentException("no fingerprint for data set '" + data + "'");
                }
                for (Optional<BnVariant> variant : g.variants()) {
                    for (Objective objective : g.objectives()) {
                        List<OptionalDouble> ts = new ArrayList<>();
                        if (objective == Objective.TC) {
                            g.ts().forEach(t -> ts.add(OptionalDouble.of(t)));
                        } else {
                            ts.add(OptionalDouble.empty());
                        }
                        for (OptionalDouble t : ts) {
                            for (OptionalInt width : g.widths()) {
                                for (int depth : g.depths()) {
                                    for (long seed : g.seeds()) {
                                        CellGroup.Key key = new CellGroup.Key(data, fp, g.setting(), variant,
                                                objective, t, width, depth, seed,
                                                g.setting() == org.deepdual.model.Setting.RELU2 ? g.patterns() : 0,
                                                g.loss());
                                        paths.merge(key, entryBetas, SweepGrid::union);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        List<CellGroup> groups = new ArrayList<>(paths.size());
        paths.forEach((k, betas) -> groups.add(new CellGroup(k.data(), k.dataFingerprint(), k.setting(),
                k.variant(), k.objective(), k.t(), k.width(), k.depth(), k.seed(),
                k.patterns() == 0 ? org.deepdual.model.Problem.DEFAULT_PATTERNS : k.patterns(),
                betas, k.loss())));
        Collections.shuffle(groups, new Random(ORDER_SEED));
        return new SweepGrid(groups);
    }

    /** The sorted distinct values of two sorted distinct arrays. */
    private static double[] union(double[] a, double[] b) {
        if (a == b) {
            return a;
        }
        double[] out = new double[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            double next = j == b.length || i < a.length && a[i] <= b[j] ? a[i] : b[j];
            i += i < a.length && a[i] == next ? 1 : 0;
            j += j < b.length && b[j] == next ? 1 : 0;
            out[n++] = next;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The β paths in run order. */
    public List<CellGroup> groups() {
        return groups;
    }

    public long cellCount() {
        long n = 0;
        for (CellGroup g : groups) {
            n += g.size();
        }
        return n;
    }

    /** Distinct cells per setting name, in setting order. */
    public Map<String, Long> cellsPerSetting() {
        Map<String, Long> out = new TreeMap<>();
        for (CellGroup g : groups) {
            String key = g.setting().cliName() + g.variant().map(v -> " (" + v.cliName() + ")").orElse("");
            out.merge(key, (long) g.size(), Long::sum);
        }
        return out;
    }
}
