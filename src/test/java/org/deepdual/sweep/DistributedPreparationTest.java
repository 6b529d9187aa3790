package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.deepdual.Approx;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.data.DatasetSpec;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.linear.GramFactors;
import org.deepdual.solve.linear.GramSpectrum;
import org.deepdual.solve.linear.PreparedLinearData;
import org.deepdual.stats.ClassMomentsAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preparation from Gram factors summed on the executors (docs/performance.md, "Distributed
 * preparation") against the dense preparation on data sets that fit both ways: the factors to 1e-12
 * relative, the cells' optimal values to 1e-9; ill-conditioned data is refused for the Gram path.
 */
class DistributedPreparationTest {
    /** Gram preparations seen by {@link GramCounting}: executors run in this JVM on local[2]. */
    static final java.util.concurrent.atomic.AtomicInteger GRAM_PREPARATIONS = new java.util.concurrent.atomic.AtomicInteger();

    /** The registered solvers, counting the preparations that come with Gram factors. */
    enum GramCounting implements PathSolver {
        INSTANCE;

        @Override
        public org.deepdual.solve.core.PreparedData prepare(Setting setting, Dataset data) {
            return PathSolver.SOLVERS.prepare(setting, data);
        }

        @Override
        public org.deepdual.solve.core.PreparedData prepare(Setting setting, Dataset data, GramFactors gram,
                double maxCondition) {
            GRAM_PREPARATIONS.incrementAndGet();
            return PathSolver.SOLVERS.prepare(setting, data, gram, maxCondition);
        }

        @Override
        public List<Solution> solvePath(org.deepdual.solve.core.PreparedData prepared, List<Problem> path) {
            return PathSolver.SOLVERS.solvePath(prepared, path);
        }

        @Override
        public boolean warmStarts(Setting setting) {
            return PathSolver.SOLVERS.warmStarts(setting);
        }
    }

    @TempDir
    Path dir;

    private static Dataset gaussian(int n, int d, int outputs, long seed) {
        return DatasetFactory.build(DatasetSpec.builder("g" + outputs, "gaussian").n(n).d(d).outputs(outputs)
                .seed(seed).center(true).build());
    }

    private static GramFactors distributed(Dataset data, int blockRows) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SharedSpark.get().sparkContext());
        Broadcast<Map<String, ShippedDataset>> b = jsc.broadcast(Map.of(data.fingerprint(), ShippedDataset.of(data)));
        try {
            return DistributedPreparation.aggregate(jsc, b, data.fingerprint(), data.n(), data.d(), data.outputs(),
                    blockRows);
        } finally {
            b.destroy();
        }
    }

    private static double relativeDifference(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }

    @Test
    void gramFactorsSummedOverBlocksEqualTheDenseOnesAndPrepareTheSameCells() {
        for (int outputs : new int[] {1, 3}) {
            Dataset data = gaussian(301, 9, outputs, 17 + outputs);
            GramFactors dense = GramFactors.dense(data);
            GramFactors dist = distributed(data, 23); // 14 blocks over several partitions: merges are exercised
            assertEquals(301, dist.n());
            assertTrue(relativeDifference(dist.xtx(), dense.xtx()) <= 1e-12, "X^T X");
            assertTrue(relativeDifference(dist.xty(), dense.xty()) <= 1e-12, "X^T Y");
            Approx.assertRel(dense.yty(), dist.yty(), 1e-12, "||Y||^2");

            PreparedLinearData svd = PreparedLinearData.of(data);
            PreparedLinearData gram = PreparedLinearData.fromGram(data, dist, GramSpectrum.DEFAULT_MAX_CONDITION)
                    .orElseThrow();
            assertEquals(svd.rank(), gram.rank());
            double[] s1 = svd.singularValues();
            double[] s2 = gram.singularValues();
            for (int i = 0; i < s1.length; i++) {
                Approx.assertRel(s1[i], s2[i], 1e-12, "singular value " + i);
            }
            Approx.assertRel(svd.unreachableLoss(), gram.unreachableLoss(), 1e-9, "unreachable loss");
            List<Problem> path = new ArrayList<>();
            for (double beta : new double[] {0.01, 0.3, 3.0, 40.0}) {
                for (int depth : new int[] {2, 3, 4}) {
                    path.add(Problem.wd(Setting.LINEAR, beta, depth));
                    path.add(Problem.tc(Setting.LINEAR, beta, depth, 1.0));
                }
            }
            for (Problem p : path) {
                Solution a = Solvers.solve(svd, p);
                Solution b = Solvers.solve(gram, p);
                assertEquals(a.status(), b.status(), p.toString());
                Approx.assertRel(a.primal().getAsDouble(), b.primal().getAsDouble(), 1e-9, "primal of " + p);
                if (a.dual().isPresent()) {
                    Approx.assertRel(a.dual().getAsDouble(), b.dual().getAsDouble(), 1e-9, "dual of " + p);
                }
            }
        }
    }

    @Test
    void aGramWhoseConditionExceedsTheBoundIsRefusedForTheDensePath() {
        Dataset data = gaussian(200, 5, 1, 4);
        double[][] x = data.x().toRowArrays();
        for (double[] row : x) {
            row[4] = row[3] + 1e-6 * row[4]; // cond(X) ~ 1e6, so cond(X^T X) ~ 1e12
        }
        Dataset bad = new Dataset("bad", Matrix.ofRows(x), data.y(), data.labels(), "bad");
        GramFactors g = GramFactors.dense(bad);
        assertTrue(GramSpectrum.of(g).condition() > 1e10, "condition " + GramSpectrum.of(g).condition());
        assertFalse(PreparedLinearData.fromGram(bad, g, GramSpectrum.DEFAULT_MAX_CONDITION).isPresent());
        assertTrue(PreparedLinearData.fromGram(bad, g, 1e14).isPresent(), "a looser bound lets it through");
        // the sweep's entry point falls back to the SVD of X: the same values as the dense preparation
        Problem p = Problem.wd(Setting.LINEAR, 0.1, 3);
        Approx.assertRel(Solvers.solve(PreparedLinearData.of(bad), p).primal().getAsDouble(),
                Solvers.solve(Solvers.prepare(Setting.LINEAR, bad, g, GramSpectrum.DEFAULT_MAX_CONDITION), p).primal()
                        .getAsDouble(), 0, "fallback");
    }

    @Test
    void aSweepAboveTheRowThresholdPreparesFromGramFactorsWithTheDenseValues() {
        Path out = dir.resolve("out");
        String text = String.join("\n", "name: gram", "output: " + out, "data:",
                "  - name: wide", "    generator: gaussian", "    n: 240", "    d: 6", "    outputs: 2",
                "    seed: 9", "settings:", "  - name: linear", "    data: [wide]", "    depth: [2, 4]",
                "    objective: [wd]", "beta: {logspace: [1.0e-2, 1.0e+1], count: 3}", "seeds: [0]",
                "spark: {spark.deepdual.prepare.gramRows: \"200\"}", "");
        SweepSpec spec = SpecReader.parse(text, "test.yaml");
        DataCatalog catalog = DataCatalog.build(spec);
        Dataset data = catalog.get("wide");
        assertEquals(1, DistributedPreparation.candidates(spec, catalog,
                DistributedPreparation.Thresholds.of(spec)).size());
        GRAM_PREPARATIONS.set(0);
        SweepFixtures.run(text, SweepFixtures.quiet().withSolver(GramCounting.INSTANCE));
        assertTrue(GRAM_PREPARATIONS.get() >= 1, "the cells were prepared from Gram factors");
        List<Row> rows = SweepFixtures.cells(out);
        assertEquals(6, rows.size());
        Map<String, Double> byCell = new HashMap<>();
        for (Row r : rows) {
            Problem p = Problem.wd(Setting.LINEAR, r.<Double>getAs("beta"), r.<Integer>getAs("depth"));
            Solution dense = Solvers.solve(PreparedLinearData.of(data), p);
            Approx.assertRel(dense.primal().getAsDouble(), r.<Double>getAs("primal"), 1e-9, "primal of " + p);
            byCell.put(r.getAs("cell_id"), r.getAs("primal"));
        }
        assertEquals(6, byCell.size());
        List<Row> ds = SharedSpark.get().read().parquet(out.resolve("datasets").toString()).collectAsList();
        List<Double> s = ds.get(0).getList(ds.get(0).fieldIndex("singular_values"));
        double[] dense = PreparedLinearData.of(data).singularValues();
        for (int i = 0; i < dense.length; i++) {
            Approx.assertRel(dense[i], s.get(i), 1e-12, "datasets/ singular value " + i);
        }
    }

    @Test
    void classMomentsMergedFromPartitionsEqualTheOnePassMoments() {
        Dataset data = DatasetFactory.build(DatasetSpec.builder("mix", "mixture").n(301).d(7).classes(3)
                .seed(12).center(true).build());
        int[] y = data.labels().orElseThrow().classOf();
        ClassMomentsAccumulator onePass = ClassMomentsAccumulator.of(data.x(), y, 3);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SharedSpark.get().sparkContext());
        Broadcast<Map<String, ShippedDataset>> b = jsc.broadcast(Map.of(data.fingerprint(), ShippedDataset.of(data)));
        ClassMomentsAccumulator merged;
        try {
            // 14 blocks of 23 rows over several partitions: blocks and partitions both merge
            merged = DistributedPreparation.classMoments(jsc, b, data.fingerprint(), 301, 7, 3, 23);
        } finally {
            b.destroy();
        }
        for (int k = 0; k < 3; k++) {
            assertEquals(onePass.count(k), merged.count(k), "count of class " + k);
        }
        assertTrue(relativeDifference(merged.classMeans().toColumnMajor(), onePass.classMeans().toColumnMajor())
                <= 1e-13, "class means");
        assertTrue(relativeDifference(merged.withinScatter().toColumnMajor(),
                onePass.withinScatter().toColumnMajor()) <= 1e-13, "within-class scatter");
        // and as shipped to the cells
        ClassMomentsAccumulator shipped = ShippedMoments.of(merged).moments();
        assertEquals(0.0, relativeDifference(shipped.withinScatter().toColumnMajor(),
                merged.withinScatter().toColumnMajor()));
    }

    /**
     * The same sweep twice on labelled data: once above the row threshold (per-class moments of X merged
     * on the executors, NC1–NC3 mapped from them; the Gram path refused by a zero condition bound, so the
     * solves are the dense ones in both runs) and once below it (every statistic from the features).
     */
    @Test
    void aSweepTakesNeuralCollapseStatisticsFromTheMergedMomentsWithThePerSampleValues() {
        String[] columns = {"nc1", "nc2_equinorm", "nc2_equiangular", "nc2_etf_dev", "nc3_raw", "nc3_centered", "nc4",
            "train_accuracy"};
        Map<String, Row> byCell = new HashMap<>();
        for (String threshold : new String[] {"1000000", "100"}) {
            Path out = dir.resolve("out" + threshold);
            String text = String.join("\n", "name: moments", "output: " + out, "data:",
                    "  - name: mix", "    generator: mixture", "    n: 150", "    d: 6", "    classes: 3",
                    "    separation: 2.0", "    seed: 3", "    center: true", "settings:", "  - name: linear",
                    "    data: [mix]", "    depth: [2, 3]", "    objective: [wd]",
                    "beta: {logspace: [1.0e-2, 1.0e+1], count: 3}", "seeds: [0]",
                    "spark: {spark.deepdual.prepare.gramRows: \"" + threshold
                            + "\", spark.deepdual.prepare.gramMaxCondition: \"0\"}", "");
            try (CapturedOutput captured = CapturedOutput.start()) {
                SweepFixtures.run(text, SweepFixtures.quiet());
                assertEquals(threshold.equals("100"), captured.text().contains(
                        "class moments of 150 x 6 (3 classes) merged on the executors"), "moments merged: " + threshold);
            }
            List<Row> rows = SweepFixtures.cells(out);
            assertEquals(6, rows.size());
            int compared = 0;
            for (Row r : rows) {
                Row perSample = byCell.putIfAbsent(r.getAs("cell_id"), r);
                if (perSample == null) {
                    continue;
                }
                for (String c : columns) {
                    Object a = perSample.getAs(c);
                    Object m = r.getAs(c);
                    assertEquals(a == null, m == null, c + " of " + r.getAs("cell_id"));
                    if (a != null) {
                        Approx.assertRel((Double) a, (Double) m, 1e-9, c + " at beta " + r.getAs("beta"));
                        compared++;
                    }
                }
            }
            if (threshold.equals("100")) {
                assertTrue(compared >= 6 * 6, compared + " statistics compared");
            }
        }
    }
}
