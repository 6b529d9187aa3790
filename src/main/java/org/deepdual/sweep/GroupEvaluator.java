package org.deepdual.sweep;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.solve.linear.GramFactors;

/**
 * The task body of a sweep batch: for each β path of the partition, find the data set (from the
 * broadcast, or rebuilt from the spec) and its prepared form in the executor's {@link PreparedCache},
 * solve the path and emit the rows of its missing cells. Rows are produced path by path, so a task
 * holds one path's rows at a time. Counters feed the driver's progress line and the UI; they count in the
 * {@link CountedJob} only, so that they are exact.
 */
final class GroupEvaluator implements FlatMapFunction<Iterator<GroupTask>, Row> {
    private static final long serialVersionUID = 1L;

    private final SweepContext ctx;
    private final Broadcast<Map<String, ShippedDataset>> shipped;
    private final PathSolver solver;
    private final SweepCounters counters;
    private final Broadcast<Map<String, ShippedGram>> grams;
    private final double maxCondition;
    private PathCosts pathCosts;
    private Broadcast<Map<String, ShippedMoments>> inputMoments;

    GroupEvaluator(SweepContext ctx, Broadcast<Map<String, ShippedDataset>> shipped, PathSolver solver,
            SweepCounters counters) {
        this(ctx, shipped, solver, counters, null, 0);
    }

    /** With {@code grams}: the Gram factors (by fingerprint) of the data sets prepared from them. */
    GroupEvaluator(SweepContext ctx, Broadcast<Map<String, ShippedDataset>> shipped, PathSolver solver,
            SweepCounters counters, Broadcast<Map<String, ShippedGram>> grams, double maxCondition) {
        this.ctx = ctx;
        this.shipped = shipped;
        this.solver = solver;
        this.counters = counters;
        this.grams = grams;
        this.maxCondition = maxCondition;
    }

    /** Also times each path by its kind into {@code costs}, for the packing of later jobs. */
    GroupEvaluator timingPathsIn(PathCosts costs) {
        this.pathCosts = costs;
        return this;
    }

    /**
     * With {@code moments} (null: none): the per-class input moments (by fingerprint) from which the
     * linear cells of those data sets take their Neural Collapse statistics NC1–NC3.
     */
    GroupEvaluator withInputMoments(Broadcast<Map<String, ShippedMoments>> moments) {
        this.inputMoments = moments;
        return this;
    }

    /**
     * Accumulators of a run: cells written, failed, and executor nanoseconds by phase ({@code pathNanos}:
     * everything done for the paths, rows included; the rest of a task is Spark and Parquet;
     * {@code solveCpuNanos}: CPU time of the solve threads, which Spark's task CPU time does not see).
     */
    record SweepCounters(LongAccumulator cells, LongAccumulator failed, LongAccumulator solveNanos,
            LongAccumulator statsNanos, LongAccumulator prepareNanos, LongAccumulator pathNanos,
            LongAccumulator solveCpuNanos)
            implements java.io.Serializable {
    }

    @Override
    public Iterator<Row> call(Iterator<GroupTask> groups) {
        InjectedDelay.apply();
        return new Iterator<>() {
            private final ArrayDeque<Row> buffer = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (buffer.isEmpty() && groups.hasNext()) {
                    buffer.addAll(evaluate(groups.next()));
                }
                return !buffer.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.poll();
            }
        };
    }

    private java.util.List<Row> evaluate(GroupTask task) {
        long t0 = System.nanoTime();
        PathEvaluation e = new PathEvaluation(ctx, solver);
        PreparedCache cache = PreparedCache.get();
        java.util.function.Supplier<Dataset> data = () -> cache.get("data|" + task.fingerprint, () -> dataFor(task));
        ShippedGram shippedGram = grams == null ? null : grams.value().get(task.fingerprint);
        GramFactors gram = shippedGram == null ? null : shippedGram.factors();
        java.util.function.Supplier<PreparedData> prepared = () -> cache.get(
                "prepared|" + solver.getClass().getName() + "|" + task.setting + "|" + task.fingerprint
                        + (gram == null ? "" : "|gram"),
                () -> gram == null ? solver.prepare(task.settingValue(), data.get())
                        : solver.prepare(task.settingValue(), data.get(), gram, maxCondition));
        ShippedMoments shippedMoments = inputMoments == null ? null : inputMoments.value().get(task.fingerprint);
        if (shippedMoments != null) {
            e.inputMoments(cache.get("moments|" + task.fingerprint, shippedMoments::moments));
        }
        java.util.List<Row> rows = e.evaluate(task, data, prepared);
        if (!CountedJob.counts()) {
            return rows;
        }
        counters.cells().add(e.cells);
        counters.failed().add(e.failed);
        counters.solveNanos().add(e.solveNanos);
        counters.statsNanos().add(e.statsNanos);
        counters.prepareNanos().add(e.prepareNanos);
        long nanos = System.nanoTime() - t0;
        counters.pathNanos().add(nanos);
        if (pathCosts != null) {
            pathCosts.add(new PathCosts.Sample(PathCosts.kind(task), task.size(), nanos / 1e9));
        }
        counters.solveCpuNanos().add(e.solveCpuNanos);
        return rows;
    }

    private Dataset dataFor(GroupTask task) {
        if (ctx.shipping() == DataShipping.BROADCAST
                || shipped != null && shipped.value().containsKey(task.fingerprint)) {
            ShippedDataset s = shipped.value().get(task.fingerprint);
            if (s == null) {
                throw new IllegalStateException("data set " + task.data + " is not in the broadcast");
            }
            return s.toDataset();
        }
        SweepSpec spec = PreparedCache.get().get("spec|" + CellId.sha256(ctx.specText()),
                () -> SpecReader.parse(ctx.specText(), ctx.specSource()));
        Dataset d = DatasetFactory.build(spec.dataset(task.data));
        if (!d.fingerprint().equals(task.fingerprint)) {
            throw new IllegalStateException("data set " + task.data + " rebuilt on this executor has fingerprint "
                    + d.fingerprint() + ", the driver's is " + task.fingerprint);
        }
        return d;
    }
}
