package org.deepdual.sweep;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.model.Problem;
import org.deepdual.model.Loss;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.stats.AlignmentStats;
import org.deepdual.stats.ClassMomentsAccumulator;
import org.deepdual.stats.CollapseStats;
import org.deepdual.stats.LayerStats;
import org.deepdual.stats.MarginStats;
import org.deepdual.stats.NetworkStats;
import org.deepdual.stats.RankTolerance;
import org.deepdual.train.BaselineSeeding;
import org.deepdual.train.BaselineTrainer;
import org.deepdual.train.Optimizer;
import org.deepdual.train.Relu2Seed;
import org.deepdual.train.TrainOptions;
import org.deepdual.train.TrainingRun;
import org.deepdual.train.TrajectoryPoint;

/**
 * Solves one β path on an executor and turns each cell to be written into a row: the solve of
 * docs/cli.md, the recomputed objective of docs/theory.md §1, the statistics of docs/theory.md
 * §10, and the baseline where drawn. Nothing here throws for a cell: a solver exception, a non-finite
 * value, a timeout or failing statistics become a {@code FAILED} row with its reason.
 */
final class PathEvaluation {
    private final SweepContext ctx;
    private final PathSolver solver;
    private final Provenance provenance = Provenance.current();
    private ClassMomentsAccumulator inputMoments;

    /** Totals of one evaluation, for accumulators. */
    long cells;
    long failed;
    long solveNanos;
    long solveCpuNanos;
    long statsNanos;
    long prepareNanos;

    PathEvaluation(SweepContext ctx, PathSolver solver) {
        this.ctx = ctx;
        this.solver = solver;
    }

    /**
     * The per-class moments of the data set's inputs, merged on the executors once per data set: the
     * linear cells then take NC1–NC3 from them ({@link NetworkStats#ofLinearChain}) instead of from
     * per-sample moments of their features.
     */
    void inputMoments(ClassMomentsAccumulator moments) {
        this.inputMoments = moments;
    }

    /** The rows of {@code task}'s cells to write; {@code prepare} yields the prepared data (cached). */
    List<Row> evaluate(GroupTask task, Supplier<Dataset> data, Supplier<PreparedData> prepare) {
        List<Row> rows = new ArrayList<>(task.writeCount());
        long started = System.currentTimeMillis();
        Dataset dataset;
        PreparedData prepared;
        long t0 = System.nanoTime();
        try {
            dataset = data.get();
            prepared = prepare.get();
        } catch (RuntimeException | LinkageError e) {
            for (int i = 0; i < task.size(); i++) {
                if (task.write[i]) {
                    rows.add(failedRow(task, i, started, "prepare failed: " + describe(e)));
                }
            }
            return rows;
        }
        long prepNanos = System.nanoTime() - t0;
        prepareNanos += prepNanos;
        Solved solved = solve(task, prepared);
        boolean first = true;
        for (int i = 0; i < task.size(); i++) {
            if (!task.write[i]) {
                continue;
            }
            long cellStart = started + (System.nanoTime() - t0) / 1_000_000;
            CellRecord r = identity(task, i, cellStart, dataset);
            r.number(CellSchema.PREPARE_MS, first ? prepNanos / 1e6 : 0.0);
            first = false;
            List<Row> trajectory = new ArrayList<>();
            if (solved.failure[i] != null) {
                r.set(CellSchema.STATUS, Status.FAILED.name()).set(CellSchema.REASON, solved.failure[i]);
            } else {
                result(r, task.problem(i), solved.solutions[i], dataset);
                if (task.baseline[i] && ctx.hasBaseline()) {
                    baseline(r, task.problem(i), solved.solutions[i], dataset, trajectory);
                }
            }
            r.number(CellSchema.SOLVE_MS, solved.nanos[i] / 1e6);
            solveNanos += solved.nanos[i];
            cells++;
            if (Status.FAILED.name().equals(r.get(CellSchema.STATUS))) {
                failed++;
            }
            rows.add(r.toRow(trajectory));
        }
        return rows;
    }

    /** Solutions of a path, or per cell the reason it has none, with per-cell solve time. */
    private record Solved(Solution[] solutions, String[] failure, long[] nanos) {
    }

    private Solved solve(GroupTask task, PreparedData prepared) {
        int n = task.size();
        List<Problem> path = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            path.add(task.problem(i));
        }
        Solved solved = new Solved(new Solution[n], new String[n], new long[n]);
        long budget = ctx.timeoutSeconds() * 1000L;
        if (solver.warmStarts(task.settingValue()) && solveWholePath(task, prepared, path, budget * n, solved)) {
            return solved;
        }
        // cell by cell, only the cells to write: without warm starts the result is the same, and a
        // cell at fault (exception, runaway) fails alone
        List<Integer> cells = new ArrayList<>();
        List<java.util.concurrent.Callable<List<Solution>>> work = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (task.write[i]) {
                Problem p = path.get(i);
                cells.add(i);
                work.add(() -> solver.solvePath(prepared, List.of(p), ctx.relu2Seed()));
            }
        }
        List<TimeBudget.Outcome<List<Solution>>> outcomes = TimeBudget.runEach(work, budget,
                "deepdual-path-" + task.groupId.substring(0, 8));
        for (int j = 0; j < cells.size(); j++) {
            int i = cells.get(j);
            TimeBudget.Outcome<List<Solution>> one = outcomes.get(j);
            solved.nanos()[i] = one.nanos();
            solveCpuNanos += one.cpuNanos();
            if (one.timedOut()) {
                solved.failure()[i] = "timeout after " + ctx.timeoutSeconds() + " s";
            } else if (one.error() != null) {
                solved.failure()[i] = "solver threw " + describe(one.error());
            } else if (one.value() == null || one.value().size() != 1) {
                solved.failure()[i] = "solver returned " + (one.value() == null ? "nothing" : one.value().size()
                        + " solutions") + " for one cell";
            } else {
                solved.solutions()[i] = one.value().get(0);
            }
        }
        return solved;
    }

    /**
     * Solves a warm-started path in one call under the sum of its cells' budgets; false when the call
     * threw or overran, and the path is then solved cell by cell.
     */
    private boolean solveWholePath(GroupTask task, PreparedData prepared, List<Problem> path, long budget,
            Solved solved) {
        int n = path.size();
        TimeBudget.Outcome<List<Solution>> whole = TimeBudget.run(() -> solver.solvePath(prepared, path, ctx.relu2Seed()),
                budget,
                "deepdual-path-" + task.groupId.substring(0, 8));
        solveCpuNanos += whole.cpuNanos();
        if (!whole.ok() || whole.value() == null || whole.value().size() != n) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            solved.solutions()[i] = whole.value().get(i);
            sum += Math.max(0, solved.solutions()[i].timeNanos());
        }
        for (int i = 0; i < n; i++) {
            // solvers time themselves; without that, the path's wall time is shared evenly
            solved.nanos()[i] = sum > 0 ? Math.round(whole.nanos() * (double) solved.solutions()[i].timeNanos() / sum)
                    : whole.nanos() / n;
        }
        return true;
    }

    private void result(CellRecord r, Problem problem, Solution s, Dataset data) {
        String status = s.status().name();
        String reason = s.reason().orElse(null);
        double primal = s.primal().orElse(Double.NaN);
        double dual = s.dual().orElse(Double.NaN);
        if (s.status() != Status.FAILED && (s.primal().isPresent() && !Double.isFinite(primal)
                || s.dual().isPresent() && !Double.isFinite(dual))) {
            status = Status.FAILED.name();
            reason = "numerical failure: primal " + primal + ", dual " + dual;
        }
        r.set(CellSchema.STATUS, status).set(CellSchema.REASON, reason)
                .set(CellSchema.CERTIFIED, s.certified() && status.equals(Status.OPTIMAL.name()));
        r.number(CellSchema.PRIMAL, primal).number(CellSchema.DUAL, dual).number(CellSchema.GAP, primal - dual)
                .number(CellSchema.DUAL_ESTIMATE, s.dualEstimate().orElse(Double.NaN))
                .number(CellSchema.T_STAR, s.tStar().orElse(Double.NaN))
                .set(CellSchema.NEEDED_WIDTH, s.neededWidth())
                .set(CellSchema.ITERATIONS, s.iterations())
                .number(CellSchema.RANK_RTOL, RankTolerance.SOLVED);
        if (s.network().isEmpty() || status.equals(Status.FAILED.name())) {
            return;
        }
        Network net = s.network().get();
        long t0 = System.nanoTime();
        try {
            // one forward pass serves the objective and the collapse statistics
            Matrix features = net.features(data.x());
            ForwardObjective f = ForwardObjective.fromFeatures(net, features, data.y(), problem);
            r.number(CellSchema.FORWARD_PRIMAL, f.value()).number(CellSchema.TC_VIOLATION, f.tcViolation());
            boolean chain = net.activation() == org.deepdual.model.Activation.IDENTITY && net.batchNorm().isEmpty()
                    && net.hiddenBiases().isEmpty();
            statistics(r, "", inputMoments != null && problem.setting() == Setting.LINEAR && chain
                    ? NetworkStats.ofLinearChain(net, data, RankTolerance.SOLVED, inputMoments, features)
                    : NetworkStats.of(net, data, RankTolerance.SOLVED, features));
            MarginStats.of(net, data.x(), data.y(), problem.loss()).ifPresent(m -> r
                    .number(CellSchema.MARGIN_ACCURACY, m.trainAccuracy()).number(CellSchema.MARGIN_MIN, m.minMargin())
                    .number(CellSchema.MARGIN_MEAN, m.meanMargin()).number(CellSchema.MARGIN_BELOW_ONE, m.belowOne()));
            if (ctx.saveWeights()) {
                r.set(CellSchema.WEIGHTS_PATH, WeightsWriter.write(ctx.outputRoot(), problem.setting().cliName(),
                        (String) r.get(CellSchema.CELL_ID), net, new Configuration()));
            }
        } catch (RuntimeException e) {
            r.set(CellSchema.STATUS, Status.FAILED.name()).set(CellSchema.REASON, "statistics failed: " + describe(e));
        } finally {
            long dt = System.nanoTime() - t0;
            statsNanos += dt;
            r.number(CellSchema.STATS_MS, dt / 1e6);
        }
    }

    /** Writes layer, alignment, balance and collapse columns, each name prefixed by {@code prefix}. */
    static void statistics(CellRecord r, String prefix, NetworkStats st) {
        List<LayerStats> layers = st.layers();
        double[] fro = new double[layers.size()];
        double[] op = new double[layers.size()];
        int[] rank = new int[layers.size()];
        double[] stable = new double[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            fro[l] = layers.get(l).fro();
            op[l] = layers.get(l).op();
            rank[l] = layers.get(l).rank();
            stable[l] = layers.get(l).stableRank();
        }
        List<AlignmentStats> al = st.alignment();
        double[] top1 = new double[al.size()];
        double[] top2 = new double[al.size()];
        double[] sub = new double[al.size()];
        for (int l = 0; l < al.size(); l++) {
            top1[l] = al.get(l).top1();
            top2[l] = al.get(l).top2();
            sub[l] = al.get(l).subspace();
        }
        r.numbers(prefix + CellSchema.LAYER_FRO, fro).numbers(prefix + CellSchema.LAYER_OP, op)
                .integers(prefix + CellSchema.LAYER_RANK, rank)
                .numbers(prefix + CellSchema.LAYER_STABLE_RANK, stable)
                .numbers(prefix + CellSchema.ALIGN_TOP1, top1).numbers(prefix + CellSchema.ALIGN_TOP2, top2)
                .numbers(prefix + CellSchema.ALIGN_SUBSPACE, sub)
                .number(prefix + CellSchema.BALANCE, st.balance());
        if (st.collapse().isPresent()) {
            CollapseStats c = st.collapse().get();
            r.number(prefix + CellSchema.NC1, c.nc1())
                    .number(prefix + CellSchema.NC2_EQUINORM, c.nc2Equinorm())
                    .number(prefix + CellSchema.NC2_EQUIANGULAR, c.nc2Equiangular())
                    .number(prefix + CellSchema.NC2_ETF_DEV, c.nc2EtfDev())
                    .number(prefix + CellSchema.NC3_RAW, c.nc3Raw())
                    .number(prefix + CellSchema.NC3_CENTERED, c.nc3Centered())
                    .number(prefix + CellSchema.NC4, c.nc4())
                    .number(prefix + CellSchema.TRAIN_ACCURACY, c.trainAccuracy());
            if (prefix.isEmpty()) {
                r.set(CellSchema.COLLAPSE_REASON, c.reason().orElse(null));
            }
        }
    }

    private void baseline(CellRecord r, Problem problem, Solution s, Dataset data, List<Row> trajectory) {
        BaselinePlan plan = ctx.baseline();
        r.set(CellSchema.BASELINE, true).set(CellSchema.BASELINE_OPTIMIZER, plan.optimizer());
        long t0 = System.nanoTime();
        try {
            int width = problem.width().orElse(Math.max(1, s.network().map(Network::maxHiddenWidth)
                    .orElse(Math.max(1, s.neededWidth()))));
            double seconds = plan.maxSeconds() > 0 ? plan.maxSeconds() : ctx.timeoutSeconds();
            TrainOptions options = new TrainOptions(Optimizer.fromCliName(plan.optimizer()), plan.iterations(), seconds,
                    problem.seed(), width, plan.recordEvery(), plan.relTol());
            TrainingRun run = BaselineTrainer.train(data, problem, options);
            double primal = s.primal().orElse(Double.NaN);
            r.number(CellSchema.BASELINE_OBJECTIVE, run.objective())
                    .number(CellSchema.BASELINE_EXCESS, (run.objective() - primal) / Math.max(1.0, Math.abs(primal)))
                    .set(CellSchema.BASELINE_ITERATIONS, run.iterations())
                    .set(CellSchema.BASELINE_CONVERGED, run.converged());
            statistics(r, CellSchema.BASELINE_PREFIX, NetworkStats.of(run.network(), data, RankTolerance.TRAINED));
            for (TrajectoryPoint p : run.trajectory()) {
                trajectory.add(RowFactory.create(p.iteration(), p.elapsedNanos() / 1e6, CellRecord.finite(p.objective()),
                        boxed(p.fro()), boxed(p.op()), boxed(p.stableRank()), boxed(p.alignTop1()),
                        CellRecord.finite(p.nc1().orElse(Double.NaN)), CellRecord.finite(p.nc2EtfDev().orElse(Double.NaN)),
                        CellRecord.finite(p.nc3Centered().orElse(Double.NaN))));
            }
        } catch (RuntimeException e) {
            r.set(CellSchema.BASELINE_REASON, "baseline failed: " + describe(e));
        } finally {
            r.number(CellSchema.BASELINE_MS, (System.nanoTime() - t0) / 1e6);
        }
    }

    private static Double[] boxed(double[] v) {
        Double[] out = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = CellRecord.finite(v[i]);
        }
        return out;
    }

    private CellRecord identity(GroupTask task, int i, long startedMillis, Dataset data) {
        CellRecord r = new CellRecord();
        r.set(CellSchema.CELL_ID, task.cellIds[i]).set(CellSchema.SCHEMA_VERSION, CellSchema.VERSION)
                .set(CellSchema.RUN_ID, ctx.runId())
                .set(CellSchema.RUN_STARTED_AT, new Timestamp(ctx.runStartedMillis()))
                .set(CellSchema.STARTED_AT, new Timestamp(startedMillis))
                .set(CellSchema.GROUP_ID, task.groupId).set(CellSchema.DATA, task.data)
                .set(CellSchema.DATA_FINGERPRINT, task.fingerprint)
                .set(CellSchema.SETTING, task.setting).set(CellSchema.VARIANT, task.variant)
                .set(CellSchema.OBJECTIVE, task.objective)
                .set(CellSchema.LOSS, task.loss == null ? Loss.SQUARED.cliName() : task.loss)
                .set(CellSchema.BETA, task.betas[i])
                .number(CellSchema.T, task.t).set(CellSchema.WIDTH, task.width < 0 ? null : task.width)
                .set(CellSchema.DEPTH, task.depth)
                .set(CellSchema.SEED, task.seed)
                .set(CellSchema.PATTERNS, Setting.RELU2.cliName().equals(task.setting) ? task.patterns : null)
                .set(CellSchema.BASELINE, false);
        if (data != null) {
            r.set(CellSchema.N, data.n()).set(CellSchema.D, data.d()).set(CellSchema.K, data.k());
            if (Setting.RELU2.cliName().equals(task.setting)) {
                r.set(CellSchema.RELU2_SEED, BaselineSeeding.seeds(ctx.relu2Seed(), task.problem(i), data)
                        ? ctx.relu2Seed().cliName() : Relu2Seed.NONE.cliName());
            }
        }
        r.set(CellSchema.DEEPDUAL_VERSION, provenance.version()).set(CellSchema.COMMIT, provenance.commit())
                .set(CellSchema.JAVA, provenance.java()).set(CellSchema.SPARK, provenance.spark())
                .set(CellSchema.BLAS, provenance.blas()).set(CellSchema.LAPACK, provenance.lapack())
                .set(CellSchema.HOST, provenance.host());
        return r;
    }

    private Row failedRow(GroupTask task, int i, long started, String reason) {
        CellRecord r = identity(task, i, started, null);
        r.set(CellSchema.STATUS, Status.FAILED.name()).set(CellSchema.REASON, reason);
        cells++;
        failed++;
        return r.toRow(List.of());
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
