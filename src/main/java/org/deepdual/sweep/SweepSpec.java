package org.deepdual.sweep;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepdual.data.DatasetSpec;
import org.deepdual.train.Relu2Seed;

/**
 * A validated sweep spec (docs/spec.md): named data sets, one sub-grid per setting entry
 * over β × L × t × width × seed (the grid of docs/theory.md §12), and how to run it. Produced only by
 * {@link SpecReader}, so every instance has passed validation.
 *
 * @param source where the spec was read from (named in every error message)
 * @param text the YAML as written (copied to OUTPUT/spec.yaml)
 * @param cellTimeoutSeconds per-cell time budget; a solve past it is FAILED "timeout after N s"
 * @param maxCells the largest grid accepted without {@code --force}
 * @param relu2Seed how relu2 cells with sampled patterns seed their first working set (key {@code relu2_seed})
 */
public record SweepSpec(String name, String output, List<DatasetSpec> data, List<SettingGrid> settings,
        Optional<BaselinePlan> baseline, boolean saveWeights, int cellTimeoutSeconds, long maxCells,
        Optional<DriftTolerance> drift, Map<String, String> spark, String source, String text, Relu2Seed relu2Seed) {

    public static final long DEFAULT_MAX_CELLS = 10_000_000L;
    public static final int DEFAULT_CELL_TIMEOUT_S = 60;

    public SweepSpec {
        data = List.copyOf(data);
        settings = List.copyOf(settings);
        spark = Map.copyOf(spark);
        java.util.Objects.requireNonNull(relu2Seed, "relu2Seed");
    }

    /** The same spec writing to {@code newOutput} (nightly dates, benchmark repetitions). */
    public SweepSpec withOutput(String newOutput) {
        return new SweepSpec(name, newOutput, data, settings, baseline, saveWeights, cellTimeoutSeconds, maxCells,
                drift, spark, source, text, relu2Seed);
    }

    /** Number of cells the grid spans before merging entries that overlap (an upper bound on distinct cells). */
    public long cellCount() {
        long total = 0;
        for (SettingGrid g : settings) {
            total = Math.addExact(total, g.cellCount());
        }
        return total;
    }

    /** The data set named {@code name}. */
    public DatasetSpec dataset(String name) {
        return data.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no data set named '" + name + "'"));
    }

    /**
     * Refuses a grid larger than {@code max_cells} unless forced (before any data set is built).
     *
     * @throws IllegalArgumentException naming the file, {@code max_cells} and both numbers
     */
    public void checkSize(boolean force) {
        long cells = cellCount();
        if (cells > maxCells && !force) {
            throw new IllegalArgumentException(source + ": max_cells: the grid has " + cells
                    + " cells, more than max_cells = " + maxCells + "; raise max_cells or pass --force");
        }
    }
}
