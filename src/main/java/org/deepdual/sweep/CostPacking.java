package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.ToDoubleFunction;

/**
 * Packs the β paths of one Spark job into its tasks by estimated work: longest path first, each to the
 * least-loaded task (LPT: the job's longest task is at most 4/3 of the best possible, and at most one
 * path longer than an even share), and the heaviest task first, so that Spark, which launches a stage's
 * tasks in partition order, starts the long work while the short fills in behind it. A path is never
 * split: its cells stay in one task, where each warm-starts from the last.
 *
 * <p>When the measured estimates disagree by much (a mix of costly and cheap paths) and the job holds seconds of
 * work per core, it gets more tasks than cores ({@code slicesPerCore}): an estimate that is off then costs a
 * core one short task, not the job's end, because a core that finishes takes the next task at once. Each
 * task writes one Parquet file and commits it (~0.05–0.3 s), which is why uniform, small or untimed jobs
 * keep one task per core: on the quickstart, whose cells are mostly milliseconds, twice the tasks made the
 * cells phase slower.
 */
final class CostPacking {
    /** Estimates differing by more than this factor make a job "mixed". */
    static final double MIXED_RATIO = 4;
    /**
     * Estimated seconds of work per core and per extra task below which a job keeps one task per core: a task
     * costs its Parquet file and commit (~0.05–0.3 s), so an extra one must save more than that.
     */
    static final double MIN_CORE_SECONDS = 2;

    private final PathCosts paths;
    private final SettingCosts settings;
    private final int cores;
    private final int slicesPerCore;

    /** Packs by what {@code paths} and {@code settings} have learned when each job is submitted. */
    CostPacking(PathCosts paths, SettingCosts settings, int cores, int slicesPerCore) {
        this.paths = paths;
        this.settings = settings;
        this.cores = Math.max(1, cores);
        this.slicesPerCore = Math.max(1, slicesPerCore);
    }

    int cores() {
        return cores;
    }

    /** {@code tasks} packed by what has been measured so far (see {@link #pack(List, PathCosts.Estimate, int, int)}). */
    List<List<GroupTask>> pack(List<GroupTask> tasks) {
        return pack(tasks, paths.estimate(settings), cores, slicesPerCore);
    }

    /**
     * The paths {@code tasks} in at most {@code cores × slicesPerCore} non-empty slices (at most {@code cores}
     * unless their estimates are measured, mixed and large), each path in exactly one, heaviest slice first.
     */
    static List<List<GroupTask>> pack(List<GroupTask> tasks, PathCosts.Estimate estimate, int cores,
            int slicesPerCore) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        double total = 0;
        boolean guessed = false;
        for (GroupTask t : tasks) {
            double c = estimate.seconds(t);
            lo = Math.min(lo, c);
            hi = Math.max(hi, c);
            total += c;
            guessed |= !estimate.measured(t);
        }
        int k = Math.max(1, cores);
        // extra tasks pay only for measured, mixed costs and enough work per core to hide their files
        boolean oversubscribe = !guessed && hi > MIXED_RATIO * lo && total / k >= MIN_CORE_SECONDS * slicesPerCore;
        int slices = (int) Math.min(tasks.size(), (long) k * (oversubscribe ? Math.max(1, slicesPerCore) : 1));
        return lpt(tasks, estimate::seconds, slices);
    }

    /** Longest-processing-time-first packing of {@code items} into {@code slices} bins, heaviest bin first. */
    static <T> List<List<T>> lpt(List<T> items, ToDoubleFunction<T> cost, int slices) {
        int k = Math.max(1, Math.min(slices, items.size()));
        // costs computed once: an estimate may read state that moves while the run goes on
        Map<T, Double> cost0 = new java.util.IdentityHashMap<>();
        for (T t : items) {
            cost0.put(t, Math.max(0, cost.applyAsDouble(t)));
        }
        List<T> order = new ArrayList<>(items);
        order.sort(Comparator.comparingDouble((T t) -> cost0.get(t)).reversed());   // stable: ties keep their order
        List<Bin<T>> bins = new ArrayList<>();
        PriorityQueue<Bin<T>> least = new PriorityQueue<>(
                Comparator.comparingDouble((Bin<T> b) -> b.load).thenComparingInt(b -> b.index));
        for (int i = 0; i < k; i++) {
            Bin<T> b = new Bin<>(i);
            bins.add(b);
            least.add(b);
        }
        for (int i = 0; i < order.size(); i++) {
            Bin<T> b = least.poll();
            b.items.add(order.get(i));
            b.load += cost0.get(order.get(i));
            least.add(b);
        }
        bins.sort(Comparator.comparingDouble((Bin<T> b) -> b.load).reversed().thenComparingInt(b -> b.index));
        List<List<T>> out = new ArrayList<>(k);
        for (Bin<T> b : bins) {
            out.add(b.items);
        }
        return out;
    }

    private static final class Bin<T> {
        final int index;
        final List<T> items = new ArrayList<>();
        double load;

        Bin(int index) {
            this.index = index;
        }
    }
}
