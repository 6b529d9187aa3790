package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Paths packed into a job's tasks by estimated work: each path in exactly one non-empty task, the heaviest
 * task first, a longest task within Graham's bound of the even share and within 4/3 of the best packing
 * (checked by exhaustive search), and more tasks than cores only when the estimates are mixed or guessed.
 */
class CostPackingTest {
    private static double makespan(List<List<Double>> bins) {
        return bins.stream().mapToDouble(b -> b.stream().mapToDouble(Double::doubleValue).sum()).max().orElse(0);
    }

    /** The best longest-bin over every assignment of {@code costs} to {@code k} bins. */
    private static double optimum(double[] costs, int k) {
        double[] load = new double[k];
        return search(costs, 0, load, Double.POSITIVE_INFINITY);
    }

    private static double search(double[] costs, int i, double[] load, double best) {
        double now = 0;
        for (double l : load) {
            now = Math.max(now, l);
        }
        if (now >= best) {
            return best;
        }
        if (i == costs.length) {
            return now;
        }
        for (int b = 0; b < load.length; b++) {
            load[b] += costs[i];
            best = Math.min(best, search(costs, i + 1, load, best));
            load[b] -= costs[i];
        }
        return best;
    }

    @Test
    void everyItemIsInExactlyOneNonEmptyBinHeaviestFirstAndWithinTheBoundsOfLpt() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(9);
            int k = 1 + rnd.nextInt(3);
            List<Double> items = new ArrayList<>();
            double[] costs = new double[n];
            for (int i = 0; i < n; i++) {
                // a mix of costs over three orders of magnitude, as closed forms beside relu2 paths
                costs[i] = Math.pow(10, 3 * rnd.nextDouble());
                items.add(costs[i]);   // boxed: each a distinct object
            }
            List<List<Double>> bins = CostPacking.lpt(items, Double::doubleValue, k);
            assertEquals(Math.min(n, k), bins.size());
            Map<Double, Integer> seen = new IdentityHashMap<>();
            for (List<Double> b : bins) {
                assertFalse(b.isEmpty(), "no empty task");
                b.forEach(x -> seen.merge(x, 1, Integer::sum));
            }
            assertEquals(n, seen.size(), "every path packed");
            seen.values().forEach(c -> assertEquals(1, c, "a path in one task only"));
            for (int i = 1; i < bins.size(); i++) {
                double prev = bins.get(i - 1).stream().mapToDouble(Double::doubleValue).sum();
                double cur = bins.get(i).stream().mapToDouble(Double::doubleValue).sum();
                assertTrue(prev >= cur, "heaviest task first: " + bins);
            }
            double total = items.stream().mapToDouble(Double::doubleValue).sum();
            double max = items.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            int bk = bins.size();
            double span = makespan(bins);
            assertTrue(span <= total / bk + (1 - 1.0 / bk) * max + 1e-9, "Graham's bound: " + bins);
            assertTrue(span <= 4.0 / 3 * optimum(costs, bk) + 1e-9, "LPT's 4/3 bound: " + bins);
        }
    }

    @Test
    void twoLongPathsGoToDifferentCoresWhereSlicingByPositionPutsThemTogether() {
        // parallelize's slicing by position: [10, 10, 1] and [1, 1, 1], 21 s for the job; by cost: 12 s
        List<Double> items = new ArrayList<>(List.of(10.0, 10.0, 1.0, 1.0, 1.0, 1.0));
        assertEquals(12.0, makespan(CostPacking.lpt(items, Double::doubleValue, 2)), 1e-12);
    }

    private static GroupTask path(String setting, String data, int depth, int cells) {
        GroupTask t = new GroupTask();
        t.setting = setting;
        t.data = data;
        t.depth = depth;
        t.objective = "wd";
        t.betas = new double[cells];
        t.cellIds = new String[cells];
        t.write = new boolean[cells];
        t.baseline = new boolean[cells];
        return t;
    }

    @Test
    void measuredKindsSetTheEstimateAndUnmeasuredOnesTakeTheirSettingsMean() {
        PathCosts acc = new PathCosts();
        GroupTask deep = path("relu-whitened", "w", 5, 40);
        GroupTask shallow = path("relu-whitened", "w", 2, 40);
        acc.add(new PathCosts.Sample(PathCosts.kind(deep), 40, 8.0));     // 0.2 s per cell
        acc.add(new PathCosts.Sample(PathCosts.kind(shallow), 20, 0.2));  // 0.01 s per cell
        acc.add(new PathCosts.Sample(PathCosts.kind(shallow), 20, 0.2));
        PathCosts.Estimate e = acc.estimate(new SettingCosts());
        assertEquals(8.0, e.seconds(deep), 1e-12);
        assertEquals(0.4, e.seconds(shallow), 1e-12);
        GroupTask other = path("relu-whitened", "w", 3, 10);
        assertFalse(e.measured(other));
        assertEquals(10 * 8.4 / 80, e.seconds(other), 1e-12, "the setting's mean per cell");
        SettingCosts settings = new SettingCosts();
        settings.record("linear", 100, 0.5);
        assertEquals(20 * 0.005, acc.estimate(settings).seconds(path("linear", "g", 2, 20)), 1e-12);
        // nothing of the setting measured: deeper paths first
        assertTrue(e.seconds(path("bn", "m", 4, 40)) > e.seconds(path("bn", "m", 3, 40)));
    }

    @Test
    void theAccumulatorMergesCopiesAndResets() {
        PathCosts a = new PathCosts();
        PathCosts b = new PathCosts();
        a.add(new PathCosts.Sample("k", 10, 1.0));
        b.add(new PathCosts.Sample("k", 30, 2.0));
        b.add(new PathCosts.Sample("j", 5, 0.5));
        b.add(new PathCosts.Sample("bad", 0, 1.0));
        PathCosts c = a.copy();
        c.merge(b);
        assertEquals(3.0, c.value().get("k")[0], 1e-12);
        assertEquals(40.0, c.value().get("k")[1], 1e-12);
        assertEquals(2, c.value().size(), "an empty sample is dropped");
        assertEquals(1.0, a.value().get("k")[0], 1e-12, "a copy is independent");
        c.reset();
        assertTrue(c.isZero());
    }

    @Test
    void moreTasksThanCoresOnlyForMeasuredMixedAndLargeCosts() {
        List<GroupTask> alike = new ArrayList<>();
        List<GroupTask> mixed = new ArrayList<>();
        List<GroupTask> small = new ArrayList<>();
        PathCosts acc = new PathCosts();
        for (int i = 0; i < 12; i++) {
            GroupTask t = path("linear", "g" + i, 2, 40);
            alike.add(t);
            acc.add(new PathCosts.Sample(PathCosts.kind(t), 40, 1.0 + i * 0.1));
            GroupTask m = path("relu2", "m" + i, 2, 40);
            mixed.add(m);
            acc.add(new PathCosts.Sample(PathCosts.kind(m), 40, i < 2 ? 50.0 : 0.5));
            GroupTask c = path("relu-1d", "c" + i, 2, 40);
            small.add(c);
            acc.add(new PathCosts.Sample(PathCosts.kind(c), 40, i < 2 ? 0.5 : 0.005));
        }
        PathCosts.Estimate e = acc.estimate(new SettingCosts());
        assertEquals(2, CostPacking.pack(alike, e, 2, 3).size(), "alike: one task per core");
        List<List<GroupTask>> packed = CostPacking.pack(mixed, e, 2, 3);
        assertEquals(6, packed.size(), "mixed and large: slicesPerCore tasks per core");
        assertEquals(1, packed.get(0).size(), "a long path alone in the first task");
        assertEquals(1, packed.get(1).size());
        assertEquals(2, CostPacking.pack(small, e, 2, 3).size(), "mixed but ~0.5 s per core: files would cost more");
        List<GroupTask> guessed = new ArrayList<>(mixed.subList(0, 3));
        guessed.add(path("relu2", "new", 2, 40));
        assertEquals(2, CostPacking.pack(guessed, e, 2, 3).size(), "an untimed kind: one task per core");
        assertEquals(1, CostPacking.pack(mixed.subList(0, 1), e, 2, 3).size(), "never more tasks than paths");
    }
}
