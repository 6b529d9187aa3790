package org.deepdual.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.deepdual.model.Status;
import org.deepdual.sweep.CellSchema;
import org.deepdual.sweep.DataCatalog;

/**
 * A finished sweep's output directory (docs/output.md) read back for the report: the cells
 * (streamed to the driver one partition at a time, so memory does not grow with the sweep), the
 * data sets with their singular values and path targets, the baseline trajectories of chosen
 * cells, the spec and the provenance. This is the only class of the report that names columns (those of
 * cells/ as {@link CellSchema} spells them).
 */
public final class SweepResults {
    private final SparkSession spark;
    private final Path output;

    private SweepResults(SparkSession spark, Path output) {
        this.spark = spark;
        this.output = output;
    }

    /** Opens {@code output}; it must hold a {@code cells/} directory. */
    public static SweepResults open(SparkSession spark, Path output) {
        if (!Files.isDirectory(output.resolve("cells"))) {
            throw new IllegalArgumentException("OUTPUT " + output + " has no cells/ directory; run a sweep into it first");
        }
        return new SweepResults(spark, output);
    }

    public Path output() {
        return output;
    }

    /** The spec as run ({@code OUTPUT/spec.yaml}). */
    public Optional<String> specText() {
        Path p = output.resolve("spec.yaml");
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Dataset<Row> cellsFrame() {
        return spark.read().parquet(output.resolve("cells").toString());
    }

    /**
     * Every cell, streamed (one Spark partition at a time) and mapped to {@link CellRow}, sorted so that each
     * β path (docs/output.md, group_id) arrives as one run of rows in increasing β: the path checks then
     * hold one path at a time.
     */
    public Iterator<CellRow> cellsByPath() {
        Dataset<Row> df = cellsFrame();
        CellColumns cols = new CellColumns(new RowFields(df.schema()));
        List<String> used = cols.fields.usedColumns();
        if (used.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        // the parameters of CellParameters.pathKey, then what group_id adds (data version, patterns)
        List<Column> order = new ArrayList<>();
        for (String c : List.of(CellSchema.DATA, CellSchema.SETTING, CellSchema.VARIANT, CellSchema.OBJECTIVE,
                CellSchema.T, CellSchema.WIDTH, CellSchema.DEPTH, CellSchema.SEED, CellSchema.GROUP_ID,
                CellSchema.BETA)) {
            if (used.contains(c)) {
                order.add(functions.col(c).asc_nulls_first());
            }
        }
        Iterator<Row> rows = df.select(used.stream().map(functions::col).toArray(Column[]::new))
                .orderBy(order.toArray(new Column[0])).toLocalIterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public CellRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return cols.read(rows.next());
            }
        };
    }

    /**
     * Distinct provenance of the rows (version, commit, java, spark, blas, lapack, host, run id),
     * at most {@code limit} combinations.
     */
    public List<Map<String, String>> provenance(int limit) {
        Dataset<Row> df = cellsFrame();
        RowFields f = new RowFields(df.schema());
        Map<String, Optional<String>> paths = new LinkedHashMap<>();
        for (String key : List.of(CellSchema.DEEPDUAL_VERSION, CellSchema.COMMIT, CellSchema.JAVA, CellSchema.SPARK,
                CellSchema.BLAS, CellSchema.LAPACK, CellSchema.HOST)) {
            paths.put(key, f.find("provenance." + key, key, "provenance_" + key));
        }
        paths.put(CellSchema.RUN_ID, f.find(CellSchema.RUN_ID));
        List<String> used = f.usedColumns();
        if (used.isEmpty()) {
            return List.of();
        }
        List<Row> rows = df.select(used.stream().map(functions::col).toArray(Column[]::new)).distinct().limit(limit)
                .collectAsList();
        List<Map<String, String>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            paths.forEach((key, path) -> RowFields.toText(RowFields.get(r, path)).ifPresent(v -> m.put(key, v)));
            out.add(m);
        }
        return out;
    }

    /** The data sets of {@code OUTPUT/datasets/} (Parquet, or JSON lines), by name. */
    public Map<String, DatasetInfo> datasets() {
        Path dir = output.resolve("datasets");
        Map<String, DatasetInfo> out = new TreeMap<>();
        if (!Files.isDirectory(dir) && !Files.isRegularFile(dir)) {
            return out;
        }
        Dataset<Row> df = readAny(dir);
        RowFields f = new RowFields(df.schema());
        Optional<String> name = f.find(DataCatalog.NAME, "data", "dataset");
        Optional<String> fingerprint = f.find(DataCatalog.FINGERPRINT);
        Optional<String> normSquared = f.find(DataCatalog.TARGET_NORM_SQUARED);
        Optional<String> n = f.find("n");
        Optional<String> d = f.find("d");
        Optional<String> k = f.find("k", "outputs");
        Optional<String> sv = f.find("singular_values", "x_singular_values", "sigma");
        List<String> arrays = f.numericArrayColumns();
        for (Row r : df.collectAsList()) {
            Map<String, double[]> vectors = new LinkedHashMap<>();
            for (String a : arrays) {
                Object v = RowFields.get(r, Optional.of(a));
                if (v != null) {
                    // a null is not recorded: the value computed from the data (withComputed) may fill it
                    vectors.put(a, RowFields.toDoubles(v));
                }
            }
            String nm = RowFields.toText(RowFields.get(r, name)).orElse("?");
            out.put(nm, new DatasetInfo(nm, RowFields.toText(RowFields.get(r, fingerprint)).orElse(""),
                    (int) RowFields.toDouble(RowFields.get(r, n)), (int) RowFields.toDouble(RowFields.get(r, d)),
                    (int) RowFields.toDouble(RowFields.get(r, k)), RowFields.toDoubles(RowFields.get(r, sv)),
                    vectors, RowFields.toDouble(RowFields.get(r, normSquared))));
        }
        return out;
    }

    private Dataset<Row> readAny(Path dir) {
        try {
            // every run adds its own files, and later runs record more columns (target_norm_squared)
            return spark.read().option("mergeSchema", "true").parquet(dir.toString());
        } catch (RuntimeException e) {
            // the sweep may write the small data-set table as JSON lines instead of Parquet
            return spark.read().json(dir.toString());
        }
    }

    /** Whether the sweep stored any baseline trajectory. */
    public boolean hasTrajectories() {
        Path dir = output.resolve("trajectories");
        try (var s = Files.exists(dir) ? Files.walk(dir) : java.util.stream.Stream.<Path>empty()) {
            return s.anyMatch(p -> p.toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The trajectories of the given cells, each sorted by iteration. */
    public Map<String, List<TrajectorySample>> trajectories(Collection<String> cellIds) {
        Map<String, List<TrajectorySample>> out = new LinkedHashMap<>();
        if (cellIds.isEmpty() || !hasTrajectories()) {
            return out;
        }
        Dataset<Row> df = spark.read().parquet(output.resolve("trajectories").toString());
        if (!List.of(df.columns()).contains(CellSchema.CELL_ID)) {
            return out;
        }
        df = df.filter(functions.col(CellSchema.CELL_ID).isin(cellIds.toArray()));
        if (!List.of(df.columns()).contains("iteration") && List.of(df.columns()).contains(CellSchema.TRAJECTORY)) {
            // one row per cell holding the points as an array of structs: one row per point instead
            df = df.select(functions.col(CellSchema.CELL_ID),
                    functions.explode(functions.col(CellSchema.TRAJECTORY)).as("p"))
                    .select(CellSchema.CELL_ID, "p.*");
        }
        RowFields f = new RowFields(df.schema());
        Optional<String> id = f.find(CellSchema.CELL_ID);
        Optional<String> it = f.find("iteration", "iter", "step");
        Optional<String> obj = f.find("objective", "loss");
        Optional<String> fro = f.find("fro", "layer_fro", "layers[].fro");
        Optional<String> op = f.find("op", "layer_op", "layers[].op");
        Optional<String> top1 = f.find("top1", "align_top1", "alignment_top1", "alignment[].top1");
        Optional<String> sub = f.find("subspace", "align_subspace", "alignment_subspace", "alignment[].subspace");
        Dataset<Row> sel = df.select(f.usedColumns().stream().map(functions::col).toArray(Column[]::new));
        for (Row r : sel.collectAsList()) {
            String cell = RowFields.toText(RowFields.get(r, id)).orElse("");
            out.computeIfAbsent(cell, c -> new ArrayList<>()).add(new TrajectorySample(cell,
                    (long) RowFields.toDouble(RowFields.get(r, it)), RowFields.toDouble(RowFields.get(r, obj)),
                    RowFields.toDoubles(RowFields.get(r, fro)), RowFields.toDoubles(RowFields.get(r, op)),
                    RowFields.toDoubles(RowFields.get(r, top1)), RowFields.toDoubles(RowFields.get(r, sub))));
        }
        out.values().forEach(l -> l.sort(Comparator.comparingLong(TrajectorySample::iteration)));
        return out;
    }

    /** The column paths of one cells/ schema, resolved once. */
    private static final class CellColumns {
        final RowFields fields;
        final Optional<String> id;
        final Optional<String> data;
        final Optional<String> setting;
        final Optional<String> variant;
        final Optional<String> loss;
        final Optional<String> objective;
        final Optional<String> beta;
        final Optional<String> depth;
        final Optional<String> t;
        final Optional<String> width;
        final Optional<String> seed;
        final Optional<String> status;
        final Optional<String> reason;
        final Optional<String> certified;
        final Optional<String> primal;
        final Optional<String> dual;
        final Optional<String> gap;
        final Optional<String> forwardPrimal;
        final Optional<String> tStar;
        final Optional<String> fro;
        final Optional<String> op;
        final Optional<String> rank;
        final Optional<String> stableRank;
        final Optional<String> top1;
        final Optional<String> top2;
        final Optional<String> subspace;
        final Optional<String> balance;
        final List<Optional<String>> collapse = new ArrayList<>();
        final Optional<String> baseObjective;
        final Optional<String> baseExcess;
        final Optional<String> baseIterations;
        final Optional<String> k;
        final Optional<String> groupId;
        final Optional<String> fingerprint;
        final Optional<String> d;
        final Optional<String> iterations;
        final Optional<String> schemaVersion;
        final Optional<String> solveMs;

        CellColumns(RowFields f) {
            fields = f;
            id = f.find(CellSchema.CELL_ID, "id");
            data = f.find(CellSchema.DATA, "dataset", "data_name");
            setting = f.find(CellSchema.SETTING);
            variant = f.find(CellSchema.VARIANT);
            loss = f.find(CellSchema.LOSS);
            objective = f.find(CellSchema.OBJECTIVE);
            beta = f.find(CellSchema.BETA);
            depth = f.find(CellSchema.DEPTH);
            t = f.find(CellSchema.T);
            width = f.find(CellSchema.WIDTH);
            seed = f.find(CellSchema.SEED);
            status = f.find(CellSchema.STATUS);
            reason = f.find(CellSchema.REASON);
            certified = f.find(CellSchema.CERTIFIED);
            primal = f.find(CellSchema.PRIMAL);
            dual = f.find(CellSchema.DUAL);
            gap = f.find(CellSchema.GAP);
            forwardPrimal = f.find(CellSchema.FORWARD_PRIMAL);
            tStar = f.find(CellSchema.T_STAR, "tstar");
            fro = f.find("fro", CellSchema.LAYER_FRO, "layers_fro", "layers[].fro");
            op = f.find("op", CellSchema.LAYER_OP, "layers_op", "layers[].op");
            rank = f.find("rank", CellSchema.LAYER_RANK, "layers_rank", "layers[].rank");
            stableRank = f.find("stable_rank", CellSchema.LAYER_STABLE_RANK, "layers_stable_rank",
                    "layers[].stable_rank");
            top1 = f.find("top1", CellSchema.ALIGN_TOP1, "alignment_top1", "alignment[].top1");
            top2 = f.find("top2", CellSchema.ALIGN_TOP2, "alignment_top2", "alignment[].top2");
            subspace = f.find("subspace", CellSchema.ALIGN_SUBSPACE, "alignment_subspace", "alignment[].subspace");
            balance = f.find(CellSchema.BALANCE);
            for (String m : List.of(CellSchema.NC1, CellSchema.NC2_EQUINORM, CellSchema.NC2_EQUIANGULAR,
                    CellSchema.NC2_ETF_DEV, CellSchema.NC3_RAW, CellSchema.NC3_CENTERED, CellSchema.NC4,
                    CellSchema.TRAIN_ACCURACY)) {
                collapse.add(f.find(m, "collapse_" + m, "collapse." + m));
            }
            baseObjective = f.find(CellSchema.BASELINE_OBJECTIVE, "baseline.objective");
            baseExcess = f.find(CellSchema.BASELINE_EXCESS, "baseline.excess");
            baseIterations = f.find(CellSchema.BASELINE_ITERATIONS, "baseline.iterations");
            k = f.find(CellSchema.K, "outputs");
            groupId = f.find(CellSchema.GROUP_ID);
            fingerprint = f.find(CellSchema.DATA_FINGERPRINT);
            d = f.find(CellSchema.D);
            iterations = f.find(CellSchema.ITERATIONS);
            schemaVersion = f.find(CellSchema.SCHEMA_VERSION);
            solveMs = f.find(CellSchema.SOLVE_MS);
        }

        /** docs/cli.md reports t* of a wd cell under the key t when no t_star column exists. */
        private double tStarOf(Row r, String obj, double tv) {
            if (tStar.isPresent()) {
                return RowFields.toDouble(RowFields.get(r, tStar));
            }
            return "wd".equals(obj) ? tv : Double.NaN;
        }

        CellRow read(Row r) {
            double w = RowFields.toDouble(RowFields.get(r, width));
            Optional<String> v = RowFields.toText(RowFields.get(r, variant));
            double tv = RowFields.toDouble(RowFields.get(r, t));
            String obj = RowFields.toText(RowFields.get(r, objective)).orElse("wd");
            CellParameters p = new CellParameters(RowFields.toText(RowFields.get(r, data)).orElse("?"),
                    RowFields.toText(RowFields.get(r, setting)).orElse("?"), v, obj,
                    RowFields.toDouble(RowFields.get(r, beta)), (int) RowFields.toDouble(RowFields.get(r, depth)),
                    "tc".equals(obj) ? tv : Double.NaN,
                    Double.isNaN(w) || w <= 0 ? OptionalInt.empty() : OptionalInt.of((int) w),
                    (long) RowFields.toDouble(RowFields.get(r, seed)),
                    RowFields.toText(RowFields.get(r, loss)).orElse(CellParameters.SQUARED));
            double[] nc = new double[collapse.size()];
            boolean anyNc = false;
            for (int i = 0; i < nc.length; i++) {
                nc[i] = RowFields.toDouble(RowFields.get(r, collapse.get(i)));
                anyNc |= !Double.isNaN(nc[i]);
            }
            Optional<CellRow.CollapseMetrics> cm = anyNc
                    ? Optional.of(new CellRow.CollapseMetrics(nc[0], nc[1], nc[2], nc[3], nc[4], nc[5], nc[6], nc[7]))
                    : Optional.empty();
            double bo = RowFields.toDouble(RowFields.get(r, baseObjective));
            Optional<CellRow.BaselineResult> base = Double.isNaN(bo) ? Optional.empty()
                    : Optional.of(new CellRow.BaselineResult(bo, RowFields.toDouble(RowFields.get(r, baseExcess)),
                            RowFields.toDouble(RowFields.get(r, baseIterations))));
            double kv = RowFields.toDouble(RowFields.get(r, k));
            double dv = RowFields.toDouble(RowFields.get(r, d));
            double it = RowFields.toDouble(RowFields.get(r, iterations));
            double sv = RowFields.toDouble(RowFields.get(r, schemaVersion));
            return new CellRow(RowFields.toText(RowFields.get(r, id)).orElse("?"), p,
                    RowFields.toText(RowFields.get(r, status)).orElse(Status.FAILED.name()),
                    RowFields.toText(RowFields.get(r, reason)), RowFields.toBoolean(RowFields.get(r, certified)),
                    RowFields.toDouble(RowFields.get(r, primal)), RowFields.toDouble(RowFields.get(r, dual)),
                    RowFields.toDouble(RowFields.get(r, gap)), RowFields.toDouble(RowFields.get(r, forwardPrimal)),
                    tStarOf(r, obj, tv),
                    new CellRow.LayerStats(RowFields.toDoubles(RowFields.get(r, fro)),
                            RowFields.toDoubles(RowFields.get(r, op)), RowFields.toInts(RowFields.get(r, rank)),
                            RowFields.toDoubles(RowFields.get(r, stableRank))),
                    new CellRow.AlignmentStats(RowFields.toDoubles(RowFields.get(r, top1)),
                            RowFields.toDoubles(RowFields.get(r, top2)),
                            RowFields.toDoubles(RowFields.get(r, subspace))),
                    RowFields.toDouble(RowFields.get(r, balance)), cm, base, Double.isNaN(kv) ? 0 : (int) kv,
                    RowFields.toText(RowFields.get(r, groupId)).orElse(p.pathKey()),
                    RowFields.toText(RowFields.get(r, fingerprint)).orElse(""), Double.isNaN(dv) ? 0 : (int) dv,
                    Double.isNaN(it) ? 0 : (int) it, Double.isNaN(sv) ? 0 : (int) sv,
                    RowFields.toDouble(RowFields.get(r, solveMs)));
        }
    }
}
