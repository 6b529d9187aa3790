package org.deepdual.bench.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The wall time of a sweep on {@code C} cores from measured costs (docs/performance.md, "Projection"):
 *
 * <pre>
 * wall(N, C) = startup + planning·N + Σ_batches [ Σ_jobs (max over tasks of (Σ cells·cost + task) + job) + batch ]
 *              + reduce + reduce/row·N
 * </pre>
 *
 * The batches follow the sweep's rules with {@code spark.deepdual.batch.concurrency = 1}: one probe batch of
 * at most {@code C} paths per setting, then batches of {@code batchSecondsPerCore · C} estimated core-seconds of
 * work and at most {@code max(500, min(50 000, N/4))} cells (or a fixed {@code batchCells}), where a setting's
 * estimate is, as in the sweep, the mean of its finished jobs' wall time × tasks per cell; the paths in the
 * grid's shuffled order, which the model stands in for by dealing each kind's paths evenly through the
 * sequence; one Spark job per setting of a batch, whose paths are packed longest first onto
 * {@code min(C, paths)} tasks; a job lasts as long as its slowest task. Pure arithmetic, no Spark.
 */
public final class ProjectionModel {
    /** Paths of one kind: same setting (one Spark job per setting and batch), path length and cost per cell. */
    public record Kind(String name, String setting, long paths, int pathCells, double secondsPerCell) {
        public Kind {
            if (paths < 0 || pathCells < 1 || !(secondsPerCell >= 0)) {
                throw new IllegalArgumentException("kind " + name + ": paths >= 0, pathCells >= 1 and secondsPerCell"
                        + " >= 0 needed, got " + paths + ", " + pathCells + ", " + secondsPerCell);
            }
        }

        double pathSeconds() {
            return pathCells * secondsPerCell;
        }

        Kind times(long factor) {
            return new Kind(name, setting, paths * factor, pathCells, secondsPerCell);
        }
    }

    /**
     * The measured costs other than the cells': fixed start-up (JVM, Spark session, the run's preparation), the
     * driver's planning per cell, a task's cost beyond its cells (fixed and per cell written), a job's beyond its
     * slowest task (with the driver's commit and the next query plan), a batch's beyond its jobs (publication), the
     * reducer's one-time warm-up and its cost per row.
     */
    public record Overheads(double startup, double planningPerCell, double task, double taskPerCell, double job,
            double batch, double reduceFixed, double reducePerRow) {
        /** The same costs with the reducer's per-row cost divided by {@code factor} (a reducer that scales). */
        public Overheads reduceFaster(double factor) {
            return new Overheads(startup, planningPerCell, task, taskPerCell, job, batch, reduceFixed,
                    reducePerRow / factor);
        }
    }

    /** How batches are cut: a fixed cell count ({@code fixedCells > 0}) or the work budget per core. */
    public record Batching(int fixedCells, double batchSecondsPerCore) {
        public static Batching defaults() {
            return new Batching(0, 20);
        }
    }

    /** A prediction, by phase, in seconds. */
    public record Prediction(long cells, int cores, int batches, long jobs, long tasks, double startup,
            double planning, double cellsPhase, double reduce) {
        public double total() {
            return startup + planning + cellsPhase + reduce;
        }
    }

    private final List<Kind> kinds;
    private final Overheads overheads;
    private final Batching batching;

    public ProjectionModel(List<Kind> kinds, Overheads overheads, Batching batching) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a projection needs at least one kind of path");
        }
        this.kinds = List.copyOf(kinds);
        this.overheads = overheads;
        this.batching = batching;
    }

    /** The same mix under other overheads. */
    public ProjectionModel with(Overheads other) {
        return new ProjectionModel(kinds, other, batching);
    }

    /** The same mix with every kind's path count multiplied by {@code factor} (more seeds, say). */
    public ProjectionModel scaled(long factor) {
        return new ProjectionModel(kinds.stream().map(k -> k.times(factor)).toList(), overheads, batching);
    }

    /**
     * The same kinds (their path lengths and costs) with the path counts of another grid, by kind name: another
     * spec of the same mix (fewer seeds, say), to predict a run the costs were not measured on. A kind the other grid
     * lacks gets no paths; a kind this mix lacks is refused, since its cost is unknown.
     */
    public ProjectionModel withPaths(Map<String, Long> pathsByKind) {
        Map<String, Long> left = new LinkedHashMap<>(pathsByKind);
        List<Kind> recounted = new ArrayList<>();
        for (Kind k : kinds) {
            Long paths = left.remove(k.name());
            recounted.add(new Kind(k.name(), k.setting(), paths == null ? 0 : paths, k.pathCells(),
                    k.secondsPerCell()));
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("kinds without a measured cost: " + left.keySet());
        }
        return new ProjectionModel(recounted, overheads, batching);
    }

    /**
     * The same mix with every cell {@code factor} times as dear: the cells' speed inside a measured run (other
     * processes on its cores) against the one-thread probe the kinds' costs come from.
     */
    public ProjectionModel cellsSlower(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("a cells' cost factor must be > 0, got " + factor);
        }
        return new ProjectionModel(kinds.stream().map(k -> new Kind(k.name(), k.setting(), k.paths(), k.pathCells(),
                k.secondsPerCell() * factor)).toList(), overheads, batching);
    }

    /** The mean cost of a cell over the mix, each kind weighted by its cells; NaN when there are none. */
    public double meanSecondsPerCell() {
        double seconds = kinds.stream().mapToDouble(k -> k.paths() * k.pathSeconds()).sum();
        long n = cells();
        return n == 0 ? Double.NaN : seconds / n;
    }

    public long cells() {
        return kinds.stream().mapToLong(k -> k.paths() * k.pathCells()).sum();
    }

    public Prediction predict(int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        long n = cells();
        List<Kind> order = dealt();
        int next = 0;
        // the probe batch: the first `cores` paths of every setting, in order
        List<Kind> probe = new ArrayList<>();
        List<Kind> rest = new ArrayList<>();
        Map<String, Integer> probed = new LinkedHashMap<>();
        for (Kind k : order) {
            if (batching.fixedCells() == 0 && probed.getOrDefault(k.setting(), 0) < cores) {
                probed.merge(k.setting(), 1, Integer::sum);
                probe.add(k);
            } else {
                rest.add(k);
            }
        }
        double cellsPhase = 0;
        int batches = 0;
        long[] jobsTasks = new long[2];
        Map<String, double[]> learned = new LinkedHashMap<>();
        if (!probe.isEmpty()) {
            cellsPhase += batch(probe, cores, jobsTasks, learned);
            batches++;
        }
        long cap = batching.fixedCells() > 0 ? batching.fixedCells() : Math.max(500, Math.min(50_000, (n + 3) / 4));
        double budget = batching.batchSecondsPerCore() * cores;
        List<Kind> current = new ArrayList<>();
        long cellsIn = 0;
        double workIn = 0;
        for (Kind k : rest) {
            current.add(k);
            cellsIn += k.pathCells();
            double[] c = learned.get(k.setting());
            workIn += c == null ? 0 : c[0] / c[1] * k.pathCells();
            if (cellsIn >= cap || (batching.fixedCells() == 0 && workIn >= budget)) {
                cellsPhase += batch(current, cores, jobsTasks, learned);
                batches++;
                current = new ArrayList<>();
                cellsIn = 0;
                workIn = 0;
            }
        }
        if (!current.isEmpty()) {
            cellsPhase += batch(current, cores, jobsTasks, learned);
            batches++;
        }
        return new Prediction(n, cores, batches, jobsTasks[0], jobsTasks[1], overheads.startup(),
                overheads.planningPerCell() * n, cellsPhase, overheads.reduceFixed() + overheads.reducePerRow() * n);
    }

    /**
     * One batch: a job per setting, each as long as its slowest task, then the batch's own cost. Each job adds its
     * wall time × tasks over its cells to {@code learned} (core-seconds, cells per setting), the estimate by which
     * the sweep cuts its next batches (SettingCosts).
     */
    private double batch(List<Kind> paths, int cores, long[] jobsTasks, Map<String, double[]> learned) {
        Map<String, List<Kind>> bySetting = new LinkedHashMap<>();
        for (Kind k : paths) {
            bySetting.computeIfAbsent(k.setting(), s -> new ArrayList<>()).add(k);
        }
        double seconds = overheads.batch();
        for (List<Kind> job : bySetting.values()) {
            int tasks = Math.min(cores, job.size());
            double wall = slowestTask(job, tasks) + overheads.job();
            seconds += wall;
            double[] c = learned.computeIfAbsent(job.get(0).setting(), s -> new double[2]);
            c[0] += wall * tasks;
            c[1] += job.stream().mapToLong(Kind::pathCells).sum();
            jobsTasks[0]++;
            jobsTasks[1] += tasks;
        }
        return seconds;
    }

    /** Longest path first onto the least-loaded of {@code tasks} tasks; the largest load, with a task's cost. */
    private double slowestTask(List<Kind> paths, int tasks) {
        List<Kind> sorted = new ArrayList<>(paths);
        sorted.sort((a, b) -> Double.compare(b.pathSeconds(), a.pathSeconds()));
        // a task's load: [seconds of cells, cells]
        PriorityQueue<double[]> least = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        for (int i = 0; i < tasks; i++) {
            least.add(new double[2]);
        }
        for (Kind k : sorted) {
            double[] t = least.poll();
            t[0] += k.pathSeconds();
            t[1] += k.pathCells();
            least.add(t);
        }
        double max = 0;
        for (double[] t : least) {
            max = Math.max(max, t[0] + overheads.taskPerCell() * t[1] + overheads.task());
        }
        return max;
    }

    /**
     * Every path of every kind, in a sequence where each kind is spread evenly (at each step the kind furthest
     * behind its share comes next): the grid's shuffled order, without its randomness.
     */
    List<Kind> dealt() {
        long total = kinds.stream().mapToLong(Kind::paths).sum();
        long[] dealt = new long[kinds.size()];
        List<Kind> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, total));
        for (long i = 1; i <= total; i++) {
            int best = -1;
            double behind = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < kinds.size(); j++) {
                Kind k = kinds.get(j);
                if (dealt[j] == k.paths()) {
                    continue;
                }
                double b = (double) i * k.paths() / total - dealt[j];
                if (b > behind) {
                    behind = b;
                    best = j;
                }
            }
            dealt[best]++;
            out.add(kinds.get(best));
        }
        return out;
    }
}
