package org.deepdual.report;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.model.Setting;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.solve.linear.GramFactors;
import org.deepdual.sweep.DistributedPreparation;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepSpec;

/**
 * The data sets of a sweep rebuilt from its spec as run ({@code OUTPUT/spec.yaml}) with the same
 * generators, loaders and preprocessing the sweep used; a rebuilt set whose fingerprint differs from
 * the one recorded in {@code OUTPUT/datasets/} is refused (it would not be the data the cells solved).
 * Each data set is prepared once per setting for every cell the report re-solves, and deep linear data sets
 * above the spec's Gram row threshold are prepared from XᵀX and XᵀY as the sweep prepared them: a dense SVD
 * of the full Fashion-MNIST training set ran the report out of a 4 GB heap.
 */
final class SpecDatasets implements DatasetSource {
    private final Optional<SweepSpec> spec;
    private final Map<String, DatasetInfo> recorded;
    private final Map<String, Optional<Dataset>> cache = new HashMap<>();
    private final Map<String, PreparedData> prepared = new ConcurrentHashMap<>();

    private SpecDatasets(Optional<SweepSpec> spec, Map<String, DatasetInfo> recorded) {
        this.spec = spec;
        this.recorded = recorded;
    }

    /** From the spec text; an unreadable spec gives a source without data sets. */
    static SpecDatasets of(Optional<String> specText, String source, Map<String, DatasetInfo> recorded) {
        Optional<SweepSpec> s;
        try {
            s = specText.map(t -> SpecReader.parse(t, source));
        } catch (IllegalArgumentException e) {
            s = Optional.empty();
        }
        return new SpecDatasets(s, recorded);
    }

    @Override
    public synchronized Optional<Dataset> dataset(String name) {
        return cache.computeIfAbsent(name, this::build);
    }

    @Override
    public PreparedData prepared(Setting setting, Dataset data) {
        return prepared.computeIfAbsent(setting + "/" + data.fingerprint(), key -> prepare(setting, data));
    }

    private PreparedData prepare(Setting setting, Dataset data) {
        if (setting != Setting.LINEAR || spec.isEmpty()) {
            return Solvers.prepare(setting, data);
        }
        DistributedPreparation.Thresholds t = DistributedPreparation.Thresholds.of(spec.get());
        if (data.n() < t.minRows()) {
            return Solvers.prepare(setting, data);
        }
        return Solvers.prepare(setting, data, GramFactors.dense(data), t.maxCondition());
    }

    private Optional<Dataset> build(String name) {
        if (spec.isEmpty() || spec.get().data().stream().noneMatch(d -> d.name().equals(name))) {
            return Optional.empty();
        }
        try {
            Dataset d = DatasetFactory.build(spec.get().dataset(name), org.deepdual.sweep.tables.SparkTables.active());
            DatasetInfo info = recorded.get(name);
            if (info != null && !info.fingerprint().isEmpty() && !info.fingerprint().equals(d.fingerprint())) {
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (RuntimeException e) {
            // a data file that moved since the sweep: the figures that need it get a note instead
            return Optional.empty();
        }
    }
}
