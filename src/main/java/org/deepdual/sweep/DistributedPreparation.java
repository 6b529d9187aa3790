package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deepdual.data.Dataset;
import org.deepdual.model.Setting;
import org.deepdual.solve.linear.GramFactors;
import org.deepdual.solve.linear.GramSpectrum;
import org.deepdual.stats.ClassMomentsAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preparation that scales with n (docs/performance.md, "Distributed preparation"): for the data sets
 * of the deep linear settings with at least {@code minRows} rows, the executors sum XᵀX, XᵀY and ‖Y‖²
 * over blocks of {@link #BLOCK_ROWS} rows read from the data broadcast ({@link GramSum}, a
 * treeAggregate), and the cells receive only these d × d and d × K factors, from which they prepare
 * without an SVD of X. A data set whose Gram condition estimate exceeds {@code maxCondition} is
 * prepared densely instead, with a log line saying so. Both settings come from the spec's {@code spark:}
 * map (or {@code --conf}): {@value #ROWS_KEY}, {@value #CONDITION_KEY}.
 */
public final class DistributedPreparation {
    static final String ROWS_KEY = "spark.deepdual.prepare.gramRows";
    static final String CONDITION_KEY = "spark.deepdual.prepare.gramMaxCondition";
    static final int DEFAULT_ROWS = 20_000;
    static final int BLOCK_ROWS = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(DistributedPreparation.class);

    /**
     * When the Gram path is taken: n ≥ minRows and κ(XᵀX) ≤ maxCondition. Public for the report, which
     * prepares the cells it re-solves as the sweep prepared them.
     */
    public record Thresholds(int minRows, double maxCondition) implements java.io.Serializable {
        public static Thresholds of(SweepSpec spec) {
            return new Thresholds((int) value(spec, ROWS_KEY, DEFAULT_ROWS),
                    value(spec, CONDITION_KEY, GramSpectrum.DEFAULT_MAX_CONDITION));
        }

        private static double value(SweepSpec spec, String key, double fallback) {
            String v = spec.spark().getOrDefault(key, System.getProperty(key));
            if (v == null) {
                return fallback;
            }
            try {
                double x = Double.parseDouble(v.trim());
                if (!(x >= 0)) {
                    throw new NumberFormatException();
                }
                return x;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(spec.source() + ": spark." + key + ": expected a number >= 0, got \""
                        + v + "\"", e);
            }
        }
    }

    private DistributedPreparation() {
    }

    /** The data sets whose deep linear preparation goes through Gram factors: used by linear, n ≥ minRows. */
    static List<Dataset> candidates(SweepSpec spec, DataCatalog catalog, Thresholds t) {
        List<Dataset> out = new ArrayList<>();
        for (SettingGrid g : spec.settings()) {
            if (g.setting() != Setting.LINEAR) {
                continue;
            }
            for (String name : g.data()) {
                Dataset d = catalog.get(name);
                if (d.n() >= t.minRows() && out.stream().noneMatch(o -> o.fingerprint().equals(d.fingerprint()))) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /**
     * The Gram factors of each candidate, by fingerprint, summed on the executors from {@code data}
     * (which must hold the candidates); those too ill-conditioned for the Gram path are left out.
     */
    static Map<String, GramFactors> compute(JavaSparkContext jsc, Broadcast<Map<String, ShippedDataset>> data,
            List<Dataset> candidates, Thresholds t) {
        Map<String, GramFactors> out = new LinkedHashMap<>();
        for (Dataset d : candidates) {
            long t0 = System.nanoTime();
            GramFactors g = aggregate(jsc, data, d.fingerprint(), d.n(), d.d(), d.outputs());
            GramSpectrum sp = GramSpectrum.of(g);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (sp.acceptable(t.maxCondition())) {
                out.put(d.fingerprint(), g);
                LOG.info("data set {}: Gram factors of {} x {} summed on the executors in {} ms, condition estimate"
                        + " {}", d.name(), d.n(), d.d(), Math.round(ms), String.format("%.3g", sp.condition()));
            } else {
                LOG.warn("data set {}: Gram condition estimate {} > {} ({}): prepared densely (SVD of X)", d.name(),
                        String.format("%.3g", sp.condition()), t.maxCondition(), CONDITION_KEY);
            }
        }
        return out;
    }

    /**
     * The per-class moments of the inputs X (counts, class means, within-class scatter) of each candidate
     * with class labels, by fingerprint, merged on the executors from {@code data}: the moments the
     * linear cells' Neural Collapse statistics NC1–NC3 are mapped from (docs/theory.md §10).
     */
    static Map<String, ClassMomentsAccumulator> classMoments(JavaSparkContext jsc,
            Broadcast<Map<String, ShippedDataset>> data, List<Dataset> candidates) {
        Map<String, ClassMomentsAccumulator> out = new LinkedHashMap<>();
        for (Dataset d : candidates) {
            if (d.labels().isEmpty()) {
                continue;
            }
            long t0 = System.nanoTime();
            out.put(d.fingerprint(), classMoments(jsc, data, d.fingerprint(), d.n(), d.d(), d.labels().get().k(),
                    BLOCK_ROWS));
            LOG.info("data set {}: class moments of {} x {} ({} classes) merged on the executors in {} ms", d.name(),
                    d.n(), d.d(), d.labels().get().k(), Math.round((System.nanoTime() - t0) / 1e6));
        }
        return out;
    }

    /**
     * The per-class moments of one shipped data set: each block of rows is reduced by the
     * accumulator's two-pass computation, and blocks and partitions merge by Chan's update.
     */
    static ClassMomentsAccumulator classMoments(JavaSparkContext jsc, Broadcast<Map<String, ShippedDataset>> data,
            String fingerprint, int n, int d, int classes, int blockRows) {
        return jsc.parallelize(blocks(n, blockRows), partitions(jsc, n, blockRows)).treeAggregate(
                new ClassMomentsAccumulator(classes, d), (acc, b) -> {
                    ShippedDataset s = data.value().get(fingerprint);
                    return acc.addAll(s.rows(b[0], b[1]), s.labelRows(b[0], b[1]));
                }, ClassMomentsAccumulator::merge, 2);
    }

    private static List<int[]> blocks(int n, int blockRows) {
        List<int[]> blocks = new ArrayList<>();
        for (int from = 0; from < n; from += blockRows) {
            blocks.add(new int[] {from, Math.min(n, from + blockRows)});
        }
        return blocks;
    }

    private static int partitions(JavaSparkContext jsc, int n, int blockRows) {
        int blocks = (n + blockRows - 1) / blockRows;
        return Math.max(1, Math.min(blocks, 2 * jsc.defaultParallelism()));
    }

    /** The Gram factors of one shipped data set, summed over row blocks by a treeAggregate. */
    static GramFactors aggregate(JavaSparkContext jsc, Broadcast<Map<String, ShippedDataset>> data,
            String fingerprint, int n, int d, int k) {
        return aggregate(jsc, data, fingerprint, n, d, k, BLOCK_ROWS);
    }

    /** As above, with blocks of {@code blockRows} rows. */
    static GramFactors aggregate(JavaSparkContext jsc, Broadcast<Map<String, ShippedDataset>> data,
            String fingerprint, int n, int d, int k, int blockRows) {
        JavaRDD<int[]> rdd = jsc.parallelize(blocks(n, blockRows), partitions(jsc, n, blockRows));
        GramSum total = rdd.treeAggregate(new GramSum(d, k), (acc, b) -> {
            ShippedDataset s = data.value().get(fingerprint);
            return acc.add(s.rows(b[0], b[1]), s.targetRows(b[0], b[1]));
        }, GramSum::merge, 2);
        return total.factors();
    }
}
