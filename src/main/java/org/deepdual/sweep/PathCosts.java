package org.deepdual.sweep;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Executor seconds per cell of each kind of β path, learned while the run goes: a kind is what sets a
 * path's cost (setting, variant, data set, depth, width, objective; not β, seed or t), and the time is what
 * the task spent on its paths ({@link GroupEvaluator}), without Spark's and Parquet's share. It refines
 * {@link SettingCosts} (one figure per setting, from job wall times) for {@link CostPacking}: within one
 * setting a relu path on a deep net costs several times a shallow one.
 */
final class PathCosts extends AccumulatorV2<PathCosts.Sample, Map<String, double[]>> {
    private static final long serialVersionUID = 1L;

    /** One timed path: its kind, cells solved and executor seconds. */
    record Sample(String kind, int cells, double seconds) implements java.io.Serializable {
    }

    /** kind → {seconds, cells}. */
    private HashMap<String, double[]> sums = new HashMap<>();

    static String kind(GroupTask t) {
        return t.setting + "|" + t.variant + "|" + t.data + "|" + t.depth + "|" + t.width + "|" + t.objective;
    }

    @Override
    public boolean isZero() {
        synchronized (this) {
            return sums.isEmpty();
        }
    }

    @Override
    public PathCosts copy() {
        PathCosts c = new PathCosts();
        synchronized (this) {
            sums.forEach((k, v) -> c.sums.put(k, v.clone()));
        }
        return c;
    }

    @Override
    public void reset() {
        synchronized (this) {
            sums = new HashMap<>();
        }
    }

    @Override
    public void add(Sample s) {
        if (s.cells() <= 0 || !(s.seconds() >= 0)) {
            return;
        }
        synchronized (this) {
            double[] a = sums.computeIfAbsent(s.kind(), k -> new double[2]);
            a[0] += s.seconds();
            a[1] += s.cells();
        }
    }

    @Override
    public void merge(AccumulatorV2<Sample, Map<String, double[]>> other) {
        Map<String, double[]> o = other.value();
        synchronized (this) {
            o.forEach((k, v) -> {
                double[] a = sums.computeIfAbsent(k, x -> new double[2]);
                a[0] += v[0];
                a[1] += v[1];
            });
        }
    }

    @Override
    public Map<String, double[]> value() {
        synchronized (this) {
            Map<String, double[]> c = new HashMap<>();
            sums.forEach((k, v) -> c.put(k, v.clone()));
            return c;
        }
    }

    /** The kinds by seconds per cell, costliest first (the log's summary of a run). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        value().entrySet().stream().sorted(java.util.Comparator.comparingDouble(
                (Map.Entry<String, double[]> e) -> -e.getValue()[0] / e.getValue()[1])).limit(8)
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
                        "%s %.3g s", e.getKey(), e.getValue()[0] / e.getValue()[1])));
        return b.toString();
    }

    /** An estimate from what this run has measured so far. */
    Estimate estimate(SettingCosts settings) {
        return new Estimate(value(), settings);
    }

    /**
     * Estimated seconds of a path: its cells times the per-cell time of its kind when measured; else the
     * mean of the measured kinds of its setting, else of {@link SettingCosts}; else (nothing of the setting
     * finished yet) a prior that only orders paths of one setting: cells times depth, since every layer
     * adds solver work and statistics.
     */
    static final class Estimate {
        private final Map<String, double[]> kinds;
        private final Map<String, double[]> perSetting = new HashMap<>();
        private final SettingCosts settings;

        Estimate(Map<String, double[]> kinds, SettingCosts settings) {
            this.kinds = kinds;
            this.settings = settings;
            kinds.forEach((k, v) -> {
                double[] a = perSetting.computeIfAbsent(k.substring(0, k.indexOf('|')), x -> new double[2]);
                a[0] += v[0];
                a[1] += v[1];
            });
        }

        boolean measured(GroupTask t) {
            return kinds.containsKey(kind(t));
        }

        double seconds(GroupTask t) {
            double[] k = kinds.get(kind(t));
            if (k != null) {
                return t.size() * k[0] / k[1];
            }
            double[] s = perSetting.get(t.setting);
            if (s != null) {
                return t.size() * s[0] / s[1];
            }
            java.util.OptionalDouble learned = settings == null ? java.util.OptionalDouble.empty()
                    : settings.secondsPerCell(t.setting);
            if (learned.isPresent()) {
                return t.size() * learned.getAsDouble();
            }
            return (double) t.size() * Math.max(1, t.depth) * 1e-3;
        }
    }
}
