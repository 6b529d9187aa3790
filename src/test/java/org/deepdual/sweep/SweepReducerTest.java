package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.deepdual.Approx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reducer's summaries equal aggregates computed here, directly from the cell rows. */
class SweepReducerTest {
    @TempDir
    static Path dir;
    static Path out;
    static List<Row> cells;
    static Map<List<Object>, Row> byBeta = new HashMap<>();
    static Map<List<Object>, Row> byPath = new HashMap<>();

    @BeforeAll
    static void sweepAndReduce() {
        out = dir.resolve("out");
        SweepFixtures.run(SweepFixtures.smallSpec(out).replace("count: 4", "count: 6"), SweepFixtures.quiet());
        SweepReducer.reduce(SharedSpark.get(), SweepOutput.resolve(out.toString(), new Configuration(), "o"));
        cells = SweepFixtures.cells(out);
        for (Row r : SharedSpark.get().read().parquet(out.resolve("summary/by_beta").toString()).collectAsList()) {
            byBeta.put(key(r, SweepReducer.BETA_KEY), r);
        }
        for (Row r : SharedSpark.get().read().parquet(out.resolve("summary/by_path").toString()).collectAsList()) {
            byPath.put(key(r, SweepReducer.PATH_KEY), r);
        }
    }

    static List<Object> key(Row r, List<String> names) {
        List<Object> k = new ArrayList<>();
        for (String n : names) {
            k.add(r.getAs(n));
        }
        return k;
    }

    static Map<List<Object>, List<Row>> group(List<String> names) {
        Map<List<Object>, List<Row>> g = new HashMap<>();
        for (Row r : cells) {
            g.computeIfAbsent(key(r, names), k -> new ArrayList<>()).add(r);
        }
        return g;
    }

    static double[] values(List<Row> rows, String column) {
        return rows.stream().map(r -> r.<Double>getAs(column)).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                .toArray();
    }

    /** gap/max(1, |primal|) of every row that has both. */
    static double[] relativeGaps(List<Row> rows) {
        return rows.stream().filter(r -> r.getAs("gap") != null && r.getAs("primal") != null)
                .mapToDouble(r -> r.<Double>getAs("gap") / Math.max(1, Math.abs(r.<Double>getAs("primal")))).toArray();
    }

    static void assertStats(double[] v, Row summary, String m) {
        if (v.length == 0) {
            assertNull(summary.getAs(m + "_mean"), m);
            return;
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        Approx.assertRel(mean, summary.<Double>getAs(m + "_mean"), 1e-12, m + " mean");
        Approx.assertRel(Arrays.stream(v).min().orElseThrow(), summary.<Double>getAs(m + "_min"), 0, m + " min");
        Approx.assertRel(Arrays.stream(v).max().orElseThrow(), summary.<Double>getAs(m + "_max"), 0, m + " max");
        if (v.length > 1) {
            double ss = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
            Approx.assertRel(Math.sqrt(ss / (v.length - 1)), summary.<Double>getAs(m + "_std"), 1e-9, m + " std");
        } else {
            assertNull(summary.getAs(m + "_std"), m + " std of one value");
        }
    }

    @Test
    void byBetaEqualsDirectAggregatesOverSeeds() {
        Map<List<Object>, List<Row>> groups = group(SweepReducer.BETA_KEY);
        assertEquals(groups.keySet(), byBeta.keySet());
        for (Map.Entry<List<Object>, List<Row>> e : groups.entrySet()) {
            List<Row> rows = e.getValue();
            Row s = byBeta.get(e.getKey());
            assertEquals(rows.size(), s.<Long>getAs("cells"));
            assertEquals(rows.stream().filter(r -> "FAILED".equals(r.getAs("status"))).count(),
                    s.<Long>getAs("failed"));
            assertEquals(rows.stream().filter(r -> "OPTIMAL".equals(r.getAs("status"))).count(),
                    s.<Long>getAs("optimal"));
            assertEquals(rows.stream().filter(r -> "BOUNDS".equals(r.getAs("status"))).count(),
                    s.<Long>getAs("bounds"));
            assertEquals(rows.stream().filter(r -> Boolean.TRUE.equals(r.getAs("certified"))).count(),
                    s.<Long>getAs("certified"));
            for (String m : List.of("primal", "gap", "forward_primal", "balance", "nc1", "nc3_centered")) {
                assertStats(values(rows, m), s, m);
            }
            assertStats(relativeGaps(rows), s, "rel_gap");
            // per-layer arrays, element by element
            List<List<Double>> ranks = new ArrayList<>();
            for (Row r : rows) {
                if (r.getAs("layer_rank") != null) {
                    List<Integer> l = r.getList(r.fieldIndex("layer_rank"));
                    ranks.add(l.stream().map(Integer::doubleValue).toList());
                }
            }
            if (ranks.isEmpty()) {
                assertNull(s.getAs("layer_rank_mean"));
                continue;
            }
            List<Double> mean = s.getList(s.fieldIndex("layer_rank_mean"));
            List<Double> max = s.getList(s.fieldIndex("layer_rank_max"));
            assertEquals(ranks.get(0).size(), mean.size(), "one entry per layer");
            for (int l = 0; l < mean.size(); l++) {
                final int layer = l;
                double direct = ranks.stream().mapToDouble(x -> x.get(layer)).average().orElseThrow();
                Approx.assertRel(direct, mean.get(l), 1e-12, "rank mean of layer " + (l + 1));
                Approx.assertRel(ranks.stream().mapToDouble(x -> x.get(layer)).max().orElseThrow(), max.get(l), 0,
                        "rank max");
            }
        }
    }

    @Test
    void byPathCriticalBetaRankStepsAndLargestGapEqualDirectComputation() {
        Map<List<Object>, List<Row>> paths = group(SweepReducer.PATH_KEY);
        assertEquals(paths.keySet(), byPath.keySet());
        int withCritical = 0;
        for (Map.Entry<List<Object>, List<Row>> e : paths.entrySet()) {
            TreeMap<Double, List<Row>> byB = new TreeMap<>();
            e.getValue().forEach(r -> byB.computeIfAbsent(r.getAs("beta"), b -> new ArrayList<>()).add(r));
            Double critical = null;
            Double lastNonzero = null;
            double maxGap = Double.NEGATIVE_INFINITY;
            List<Double> steps = new ArrayList<>();
            Double prevMean = null;
            for (Map.Entry<Double, List<Row>> b : byB.entrySet()) {
                List<Integer> first = b.getValue().stream().filter(r -> r.getAs("layer_rank") != null)
                        .map(r -> r.<Integer>getList(r.fieldIndex("layer_rank")).get(0)).toList();
                if (!first.isEmpty()) {
                    int max = first.stream().mapToInt(Integer::intValue).max().orElseThrow();
                    double mean = first.stream().mapToInt(Integer::intValue).average().orElseThrow();
                    if (max > 0) {
                        lastNonzero = b.getKey();
                        critical = null;
                    } else if (critical == null) {
                        critical = b.getKey();
                    }
                    if (prevMean != null && mean < prevMean) {
                        steps.add(b.getKey());
                    }
                    prevMean = mean;
                }
                for (double g : values(b.getValue(), "gap")) {
                    maxGap = Math.max(maxGap, g);
                }
            }
            if (lastNonzero != null && critical != null && critical < lastNonzero) {
                critical = null;
            }
            Row s = byPath.get(e.getKey());
            assertEquals(critical, s.getAs("critical_beta"), "critical beta of " + e.getKey());
            withCritical += critical == null ? 0 : 1;
            List<Row> st = s.getList(s.fieldIndex("rank_steps"));
            assertEquals(steps, st.stream().map(r -> r.<Double>getAs("beta")).toList(), "rank steps of " + e.getKey());
            if (maxGap > Double.NEGATIVE_INFINITY) {
                Approx.assertRel(maxGap, s.<Double>getAs("max_gap"), 0, "largest gap");
            }
            double[] rel = relativeGaps(e.getValue());
            if (rel.length > 0) {
                Approx.assertRel(Arrays.stream(rel).max().orElseThrow(), s.<Double>getAs("max_rel_gap"), 1e-15,
                        "largest relative gap");
            } else {
                assertNull(s.getAs("max_rel_gap"));
            }
            assertEquals((long) e.getValue().size(), s.<Long>getAs("cells"));
            for (String status : List.of("OPTIMAL", "BOUNDS", "FAILED")) {
                assertEquals(e.getValue().stream().filter(r -> status.equals(r.getAs("status"))).count(),
                        s.<Long>getAs(status.equals("OPTIMAL") ? "optimal" : status.toLowerCase(java.util.Locale.ROOT)),
                        status + " cells of " + e.getKey());
            }
        }
        assertTrue(withCritical > 0, "the grid reaches the zero network on some path");
    }

    @Test
    void theClosedFormsOfARealSweepKeepTheOrderOfTheirBounds() {
        // bn and relu-rank1 closed forms (docs/theory.md §11.10); datasets/ records ‖Y‖², so all three ran
        for (Row s : byPath.values()) {
            long judged = s.<Long>getAs("cells") - s.<Long>getAs("failed");
            for (String check : List.of("value_drops", "above_zero_network", "dual_above_later_primal")) {
                if (judged == 0) {
                    assertNull(s.getAs(check), check + " of a path without a judged cell");
                } else {
                    assertEquals(0L, s.<Long>getAs(check), check + " of " + key(s, SweepReducer.PATH_KEY));
                }
            }
        }
    }

    @Test
    void thePrintedTableShowsStatusesAndChecksBesideTheGaps() {
        java.io.StringWriter text = new java.io.StringWriter();
        SummaryTable.print(SharedSpark.get(), SweepOutput.resolve(out.toString(), new Configuration(), "o"),
                new java.io.PrintWriter(text));
        List<String> lines = text.toString().lines().toList();
        String header = lines.get(1);
        for (String column : List.of("cells", "optimal", "bounds", "failed", "cert", "max gap", "max rel", "checks")) {
            assertTrue(header.contains(column), header);
        }
        assertEquals(byPath.size() + 2, lines.size(), text.toString());
        assertTrue(lines.stream().skip(2).allMatch(l -> l.matches(".* (\\d+|-)/(\\d+|-)/(\\d+|-)$")), text.toString());
    }

    @Test
    void summaryCsvIsOneFileWithOneLinePerByBetaRow() throws Exception {
        Path csv = out.resolve("summary.csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals(byBeta.size() + 1, lines.size());
        assertTrue(lines.get(0).startsWith("data,setting,variant,objective,loss,t,width,depth,beta,cells"), lines.get(0));
        String header = lines.get(0);
        assertTrue(header.contains("layer_rank_mean"), header);
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".summary.csv.tmp")),
                    "no temporary left");
        }
        assertNotNull(lines.stream().filter(l -> l.contains(";")).findAny().orElse(null), "arrays are ';'-joined");
    }

    static List<String> withStats(List<String> metrics) {
        List<String> c = new ArrayList<>();
        for (String m : metrics) {
            for (String stat : List.of("mean", "std", "min", "max")) {
                c.add(m + "_" + stat);
            }
        }
        return c;
    }

    @Test
    void summaryColumnsAreTheDocumentedLayoutInOrder() throws Exception {
        List<String> beta = new ArrayList<>(SweepReducer.BETA_KEY);
        beta.addAll(List.of("cells", "failed", "certified", "optimal", "bounds"));
        beta.addAll(withStats(SweepReducer.SCALARS));
        beta.addAll(withStats(SweepReducer.ARRAYS));
        assertEquals(beta, List.of(SharedSpark.get().read().parquet(out.resolve("summary/by_beta").toString())
                .columns()));
        List<String> path = new ArrayList<>(SweepReducer.PATH_KEY);
        path.addAll(List.of("cells", "failed", "certified", "optimal", "bounds", "betas", "beta_min", "beta_max",
                "critical_beta", "rank_steps", "max_gap", "max_gap_beta", "max_rel_gap", "value_drops",
                "above_zero_network", "dual_above_later_primal"));
        assertEquals(path, List.of(SharedSpark.get().read().parquet(out.resolve("summary/by_path").toString())
                .columns()));
        assertEquals(String.join(",", beta), Files.readAllLines(out.resolve("summary.csv")).get(0));
    }

    @Test
    void summaryCsvHasEachPathInOneRunWithBetaAscending() throws Exception {
        List<String> lines = Files.readAllLines(out.resolve("summary.csv"));
        int keys = SweepReducer.PATH_KEY.size();
        List<String> seen = new ArrayList<>();
        String previousPath = null;
        double previousBeta = Double.NEGATIVE_INFINITY;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            String pathKey = String.join(",", Arrays.asList(f).subList(0, keys));
            double b = Double.parseDouble(f[keys]);
            if (pathKey.equals(previousPath)) {
                assertTrue(b > previousBeta, "beta ascending within " + pathKey + ": " + previousBeta + ", " + b);
            } else {
                assertTrue(!seen.contains(pathKey), "path " + pathKey + " in one run of lines");
                seen.add(pathKey);
            }
            previousPath = pathKey;
            previousBeta = b;
        }
        assertEquals(byPath.size(), seen.size());
    }
}
