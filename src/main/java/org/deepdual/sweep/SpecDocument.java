package org.deepdual.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The YAML shape of a sweep spec (docs/spec.md) exactly as written: every key optional
 * and boxed, so that {@link SpecReader} can tell a missing key from a bad value and name its path.
 * Only {@link SpecReader} sees this; the rest of the code works with {@link SweepSpec}.
 */
record SpecDocument(String name, String output, List<DataDocument> data, List<SettingDocument> settings,
        JsonNode beta, List<Double> t, List<Integer> width, List<Long> seeds, Integer patterns,
        BaselineDocument baseline, Boolean saveWeights, Integer cellTimeoutS, Long maxCells, DriftDocument drift,
        Map<String, JsonNode> spark, String relu2Seed) {

    /** One {@code data:} entry; the keys of {@link org.deepdual.data.DatasetSpec} in snake_case. */
    record DataDocument(String name, String generator, Integer n, Integer d, Integer outputs, Integer classes,
            String targets, Long seed, String path, String split, Integer perClass, Boolean whiten, Boolean center,
            Boolean biasColumn, Double noise, Boolean sorted, List<Integer> classSizes, Boolean scale,
            Boolean header, Integer labelColumn, Double separation) {
    }

    /** One {@code settings:} entry: a sub-grid that may override beta, t, width, seeds (and patterns). */
    record SettingDocument(String name, List<String> variant, List<String> data, List<Integer> depth,
            List<String> objective, JsonNode beta, List<Double> t, List<Integer> width, List<Long> seeds,
            Integer patterns, String loss) {
    }

    record BaselineDocument(String optimizer, Double fraction, Integer iters, Double seconds, Integer recordEvery,
            Double relTol) {
    }

    record DriftDocument(Double relTol, Integer failOver) {
    }

    static final List<String> TOP_KEYS = List.of("name", "output", "data", "settings", "beta", "t", "width", "seeds",
            "patterns", "baseline", "save_weights", "cell_timeout_s", "max_cells", "drift", "spark",
            "relu2_seed");
}
