package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.data.DatasetSpec;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.solve.linear.GramFactors;
import org.deepdual.solve.linear.GramSpectrum;
import org.deepdual.stats.RankTolerance;

/**
 * The data sets of a spec, built once on the driver: their fingerprints enter the cell ids, their
 * arrays are broadcast to executors, and each is checked against every setting that names it before
 * any Spark job starts. Also computes the rows of {@code OUTPUT/datasets/}: shape, singular values of
 * X, singular values of the projected targets U_rᵀY (docs/theory.md §5) and the path targets a_p of
 * docs/theory.md §6 (√n_k per class for one-hot targets, ‖y₊‖ and ‖y₋‖ per output otherwise), from
 * which the report predicts thresholds, and ‖Y‖²_F, twice the objective of the zero network, which
 * bounds every optimum from above (docs/theory.md §11.10).
 */
public final class DataCatalog {
    /** Column of datasets/: the data set's name in the spec. */
    public static final String NAME = "name";
    /** Column of datasets/: the fingerprint, as in cells/ {@code data_fingerprint}. */
    public static final String FINGERPRINT = "fingerprint";
    /** Column of datasets/: the path targets a_p (docs/theory.md §6). */
    public static final String PATH_TARGETS = "path_targets";
    /** Column of datasets/: ‖Y‖²_F. Outputs written before it existed lack it. */
    public static final String TARGET_NORM_SQUARED = "target_norm_squared";

    static final StructType SCHEMA = new StructType()
            .add(NAME, DataTypes.StringType).add(FINGERPRINT, DataTypes.StringType)
            .add("generator", DataTypes.StringType).add("n", DataTypes.IntegerType).add("d", DataTypes.IntegerType)
            .add("k", DataTypes.IntegerType).add("outputs", DataTypes.IntegerType)
            .add("labelled", DataTypes.BooleanType)
            .add("class_counts", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("singular_values", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("projected_target_singular_values", DataTypes.createArrayType(DataTypes.DoubleType))
            .add(PATH_TARGETS, DataTypes.createArrayType(DataTypes.DoubleType))
            .add("path_target_kind", DataTypes.StringType)
            .add("run_id", DataTypes.StringType)
            .add(TARGET_NORM_SQUARED, DataTypes.DoubleType);

    private final SweepSpec spec;
    private final Map<String, Dataset> byName;

    private DataCatalog(SweepSpec spec, Map<String, Dataset> byName) {
        this.spec = spec;
        this.byName = byName;
    }

    /** Builds every data set of {@code spec}; a bad one is refused naming {@code data[i]}. */
    static DataCatalog build(SweepSpec spec) {
        Map<String, Dataset> out = new LinkedHashMap<>();
        for (int i = 0; i < spec.data().size(); i++) {
            DatasetSpec d = spec.data().get(i);
            try {
                out.put(d.name(), DatasetFactory.build(d, org.deepdual.sweep.tables.SparkTables.active()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(spec.source() + ": data[" + i + "]: " + e.getMessage(), e);
            } catch (java.io.UncheckedIOException e) {
                throw new IllegalArgumentException(spec.source() + ": data[" + i + "]: cannot read data set '"
                        + d.name() + "': " + e.getMessage(), e);
            }
        }
        return new DataCatalog(spec, out);
    }

    Dataset get(String name) {
        return byName.get(name);
    }

    Map<String, String> fingerprints() {
        Map<String, String> out = new LinkedHashMap<>();
        byName.forEach((k, v) -> out.put(k, v.fingerprint()));
        return out;
    }

    /** The arrays of the table data sets (parquet, orc, libsvm), which executors cannot rebuild. */
    Map<String, ShippedDataset> shippedTables() {
        Map<String, ShippedDataset> out = new LinkedHashMap<>();
        for (DatasetSpec ds : spec.data()) {
            if (DatasetSpec.TABLES.contains(ds.generator())) {
                Dataset d = byName.get(ds.name());
                out.put(d.fingerprint(), ShippedDataset.of(d));
            }
        }
        return out;
    }

    /** The arrays to broadcast, keyed by fingerprint. */
    Map<String, ShippedDataset> shipped() {
        Map<String, ShippedDataset> out = new LinkedHashMap<>();
        byName.values().forEach(d -> out.put(d.fingerprint(), ShippedDataset.of(d)));
        return out;
    }

    /**
     * Checks that every setting accepts every data set it names: the structural conditions first,
     * then the solver's own preparation (which refuses what it cannot solve).
     *
     * @return milliseconds each (setting, data) preparation took, for the work estimate
     */
    Map<String, Double> checkAcceptance(PathSolver solver) {
        int gramRows = DistributedPreparation.Thresholds.of(spec).minRows();
        Map<String, Double> prepareMs = new LinkedHashMap<>();
        for (SettingGrid g : spec.settings()) {
            for (int j = 0; j < g.data().size(); j++) {
                Dataset d = byName.get(g.data().get(j));
                String where = spec.source() + ": " + g.path() + ".data[" + j + "]: ";
                Optional<String> refusal = SettingAcceptance.refusal(g.setting(), d);
                if (refusal.isPresent()) {
                    throw new IllegalArgumentException(where + refusal.get() + ", got \"" + d.name() + "\"");
                }
                String key = g.setting().cliName() + "|" + d.name();
                if (prepareMs.containsKey(key)) {
                    continue;
                }
                if (g.setting() == org.deepdual.model.Setting.LINEAR && d.n() >= gramRows) {
                    // prepared from Gram factors on the executors; deep linear accepts every data set, and an
                    // n-row SVD here is the cost the distributed preparation exists to avoid
                    prepareMs.put(key, 0.0);
                    continue;
                }
                long t0 = System.nanoTime();
                try {
                    solver.prepare(g.setting(), d);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "setting " + g.setting() + " refuses data set '"
                            + d.name() + "': " + e.getMessage(), e);
                } catch (UnsupportedOperationException e) {
                    throw new IllegalArgumentException(spec.source() + ": " + g.path() + ".name: " + e.getMessage()
                            + " in this build, got \"" + g.setting() + "\"", e);
                }
                prepareMs.put(key, (System.nanoTime() - t0) / 1e6);
            }
        }
        return prepareMs;
    }

    /** The datasets/ rows of the data sets not yet recorded ({@code known}: fingerprints present). */
    List<Row> rows(String runId, java.util.Set<String> known) {
        return rows(runId, known, Map.of());
    }

    /** As {@link #rows(String, java.util.Set)}, the spectra of data sets with Gram factors taken from them. */
    List<Row> rows(String runId, java.util.Set<String> known, Map<String, GramFactors> grams) {
        List<Row> rows = new ArrayList<>();
        for (DatasetSpec ds : spec.data()) {
            Dataset d = byName.get(ds.name());
            if (known.contains(d.name() + "|" + d.fingerprint())) {
                continue;
            }
            GramFactors g = grams.get(d.fingerprint());
            rows.add(row(ds, d, runId, g == null ? spectra(d) : spectra(g)));
        }
        return rows;
    }

    /** Singular values of X (all of them) and of U_rᵀY. */
    private record Spectra(double[] x, double[] projectedTargets) {
    }

    private static Spectra spectra(Dataset d) {
        Svd svd = Decompositions.thinSvd(d.x());
        int r = svd.rank(RankTolerance.DATA);
        double[] sx = java.util.Arrays.copyOf(svd.s(), svd.s().length);
        Matrix projected = svd.u().columns(0, Math.max(1, r)).transposeTimes(d.y());
        return new Spectra(sx, r == 0 ? new double[0] : Decompositions.singularValues(projected));
    }

    /** From G = V diag(s²) Vᵀ: U_rᵀY = diag(s)⁻¹ V_rᵀ XᵀY, no n-row matrix involved. */
    private static Spectra spectra(GramFactors g) {
        GramSpectrum sp = GramSpectrum.of(g);
        double[] s = sp.singularValues();
        int r = 0;
        while (r < s.length && s[r] > 0 && s[r] >= RankTolerance.DATA * s[0]) {
            r++;
        }
        if (r == 0) {
            return new Spectra(s, new double[0]);
        }
        double[] inv = new double[r];
        for (int i = 0; i < r; i++) {
            inv[i] = 1 / s[i];
        }
        Matrix projected = Decompositions.scaleColumns(sp.vectors().columns(0, r), inv).transposeTimes(g.cross());
        return new Spectra(s, Decompositions.singularValues(projected));
    }

    private static Row row(DatasetSpec ds, Dataset d, String runId, Spectra spectra) {
        double[] sx = spectra.x();
        double[] sz = spectra.projectedTargets();
        double[] targets;
        String kind;
        if (d.labels().isPresent()) {
            Labels l = d.labels().get();
            int[] counts = l.counts();
            targets = new double[l.k()];
            for (int c = 0; c < l.k(); c++) {
                targets[c] = Math.sqrt(counts[c]);
            }
            kind = "sqrt class size per class";
        } else {
            targets = new double[2 * d.outputs()];
            for (int k = 0; k < d.outputs(); k++) {
                double plus = 0;
                double minus = 0;
                for (double v : d.y().column(k)) {
                    plus += v > 0 ? v * v : 0;
                    minus += v < 0 ? v * v : 0;
                }
                targets[2 * k] = Math.sqrt(plus);
                targets[2 * k + 1] = Math.sqrt(minus);
            }
            kind = "norms of positive and negative parts per output";
        }
        return RowFactory.create(d.name(), d.fingerprint(), ds.generator(), d.n(), d.d(), d.k(), d.outputs(),
                d.labels().isPresent(), d.labels().map(l -> box(l.counts())).orElse(new Integer[0]), box(sx), box(sz),
                box(targets), kind, runId, d.y().frobeniusNormSquared());
    }

    private static Double[] box(double[] v) {
        return java.util.Arrays.stream(v).boxed().toArray(Double[]::new);
    }

    private static Integer[] box(int[] v) {
        return java.util.Arrays.stream(v).boxed().toArray(Integer[]::new);
    }
}
