package org.deepdual.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deepdual.data.Dataset;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;

/**
 * A small sweep output written in the layout of docs/output.md, with rows that follow the
 * theory (ranks from the thresholds s*(L, β), zero gap where claimed, a positive gap for vector
 * output at L ≥ 3 with rank ≥ 2, collapsed BN features) plus one deliberately broken row, three
 * β paths of BOUNDS cells that break the order of docs/theory.md §11.10 where planted, a few FAILED
 * rows, two baseline cells with trajectories, and a spec naming a setting without rows.
 */
final class SyntheticSweep {
    static final double[] Z = {3.0, 2.0, 1.2};
    static final int[] LINEAR_DEPTHS = {2, 3, 4};
    static final int[] BN_DEPTHS = {3, 4};
    static final double[] BETAS = logspace(0.01, 10, 10);
    static final double[] FIT_BETAS = {0.01, 0.1, 1.0};
    static final String BROKEN_SUFFIX = "broken";
    /** Prefix of the cells of the β paths with planted §11.10 violations. */
    static final String PLANTED = "planted-";
    /** ½‖Y‖² of data set oned, Y = (0, 1, 0, 1); the report rebuilds it from {@link #datasets()}. */
    static final double ONED_ZERO_NETWORK = 1.0;
    /** The value drops at FIT_BETAS[2] (a BOUNDS primal of seed 1). */
    static final String DROP_CELL = PLANTED + "drop-b2";
    /** The primal at FIT_BETAS[2] is above ½‖Y‖² (seed 2). */
    static final String ABOVE_CELL = PLANTED + "above-b2";
    /** The dual at FIT_BETAS[0] is above the primal at FIT_BETAS[1] (seed 3), whose value drops there too. */
    static final String DUAL_CELL = PLANTED + "dual-b0";
    static final String DUAL_PATH_DROP_CELL = PLANTED + "dual-b1";
    static final String SPEC = """
            name: synthetic
            output: %s
            data:
              - name: white3
                generator: whitened
                n: 6
                d: 6
                outputs: 3
                seed: 1
              - name: fm3
                generator: mixture
                classes: 3
              - name: oned
                generator: one-d
                n: 4
            settings:
              - name: linear
                data: [white3]
                depth: [2, 3, 4]
              - name: bn
                variant: relu
                data: [fm3]
                depth: [3, 4]
              - name: relu-1d
                data: [oned]
              - name: relu-rank1
                data: [white3]
                depth: [3]
            beta: {logspace: [1.0e-2, 1.0e+1], count: 10}
            seeds: [0, 1]
            baseline: {optimizer: lbfgs, fraction: 0.05, iters: 50}
            """;

    final Path output;
    final List<Row> rows = new ArrayList<>();
    final List<String> baselineCells = new ArrayList<>();
    long optimal;
    long certified;
    long bounds;
    long failed;

    private SyntheticSweep(Path output) {
        this.output = output;
    }

    static double[] logspace(double lo, double hi, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = lo * Math.pow(hi / lo, i / (double) (n - 1));
        }
        return out;
    }

    static SyntheticSweep write(SparkSession spark, Path output) throws IOException {
        SyntheticSweep s = new SyntheticSweep(output);
        Files.createDirectories(output);
        Files.writeString(output.resolve("spec.yaml"), String.format(SPEC, output));
        List<Row> traj = new ArrayList<>();
        s.linearRows(traj);
        s.bnRows();
        s.fitRows();
        s.plantedRows();
        spark.createDataFrame(s.rows, cellSchema()).write().mode(SaveMode.Overwrite).partitionBy("setting")
                .parquet(output.resolve("cells").toString());
        spark.createDataFrame(traj, trajectorySchema()).write().mode(SaveMode.Overwrite)
                .parquet(output.resolve("trajectories").toString());
        spark.createDataFrame(datasetRows(), datasetSchema()).write().mode(SaveMode.Overwrite)
                .parquet(output.resolve("datasets").toString());
        return s;
    }

    long cells() {
        return rows.size();
    }

    private void linearRows(List<Row> traj) {
        for (int depth : LINEAR_DEPTHS) {
            for (int bi = 0; bi < BETAS.length; bi++) {
                for (long seed = 0; seed <= 1; seed++) {
                    double beta = BETAS[bi];
                    double s = JumpThreshold.sStar(depth, beta);
                    double m0 = JumpThreshold.mStar(depth, beta);
                    List<Double> amps = new ArrayList<>();
                    double primal = 0;
                    for (double z : Z) {
                        if (z > s) {
                            double m = z - s + m0;
                            amps.add(m);
                            primal += 0.5 * s * s + 0.1 * depth * beta * Math.pow(m, 2.0 / depth);
                        } else {
                            primal += 0.5 * z * z;
                        }
                    }
                    int rank = amps.size();
                    double fro = Math.sqrt(amps.stream().mapToDouble(m -> Math.pow(m, 2.0 / depth)).sum());
                    double op = amps.stream().mapToDouble(m -> Math.pow(m, 1.0 / depth)).max().orElse(0);
                    double dual = depth >= 3 && rank >= 2 ? primal - 0.05 * (rank - 1) : primal;
                    int[] ranks = new int[depth];
                    Arrays.fill(ranks, rank);
                    String id = "lin-L" + depth + "-b" + bi + "-s" + seed;
                    if (depth == 4 && bi == 3 && seed == 1) {
                        ranks[1] = rank + 1;
                        id = id + "-" + BROKEN_SUFFIX;
                    }
                    boolean baseline = depth == 3 && seed == 0 && (bi == 2 || bi == 5);
                    double[] froArr = filled(depth, fro);
                    rows.add(cell(id, "white3", "linear", null, beta, depth, seed, "OPTIMAL", null, dual == primal,
                            primal, dual, froArr, filled(depth, op), ranks,
                            filled(depth, rank == 0 ? Double.NaN : fro * fro / (op * op)),
                            filled(depth - 1, rank == 0 ? Double.NaN : 1.0), 1e-16, null, 3,
                            baseline ? primal * (1 + 1e-5) : null));
                    count("OPTIMAL", dual == primal);
                    if (baseline) {
                        baselineCells.add(id);
                        List<Row> points = new ArrayList<>();
                        for (int it = 0; it <= 50; it++) {
                            double f = Math.exp(-it / 8.0);
                            points.add(RowFactory.create(it, primal * (1 + 1e-5) + 5 * f,
                                    toList(filled(depth, fro + 0.7 * f)), toList(filled(depth, op + 0.4 * f)),
                                    toList(filled(depth - 1, 1 - 0.8 * f))));
                        }
                        traj.add(RowFactory.create(id, points));
                    }
                }
            }
        }
    }

    private void bnRows() {
        double a = 2.0;
        for (int depth : BN_DEPTHS) {
            for (int bi = 0; bi < BETAS.length; bi++) {
                double beta = BETAS[bi];
                String id = "bn-L" + depth + "-b" + bi;
                if (depth == 4 && bi == BETAS.length - 1) {
                    rows.add(cell(id, "fm3", "bn", "relu", beta, depth, 0, "FAILED",
                            "not converged: residuals 1.0e-3 > 1e-9", false, Double.NaN, Double.NaN, new double[0],
                            new double[0], new int[0], new double[0], new double[0], Double.NaN, null, 3, null));
                    count("FAILED", false);
                    continue;
                }
                boolean on = a > beta;
                double primal = 3 * (on ? beta * a - beta * beta / 2 : a * a / 2);
                int[] ranks = new int[depth];
                Arrays.fill(ranks, on ? 3 : 0);
                ranks[0] = on ? 4 : 1;
                double g = on ? Math.sqrt(a - beta) : 0;
                double[] nc = on ? new double[] {1e-31, 1e-16, 2e-16, 1e-15, Math.sqrt(2 - 2 * Math.sqrt(2.0 / 3)), 7e-16, 0, 1}
                        : new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                            Double.NaN, 1.0 / 3};
                rows.add(cell(id, "fm3", "bn", "relu", beta, depth, 0, "OPTIMAL", null, true, primal, primal,
                        filled(depth, 2 * g), filled(depth, g), ranks, filled(depth, on ? 3 : Double.NaN),
                        filled(depth - 1, on ? 1 : Double.NaN), Double.NaN, nc, 3, null));
                count("OPTIMAL", true);
            }
        }
    }

    private void fitRows() {
        for (int bi = 0; bi < FIT_BETAS.length; bi++) {
            double beta = FIT_BETAS[bi];
            double primal = 0.4 * beta / (1 + beta);
            rows.add(cell("fit-b" + bi, "oned", "relu-1d", null, beta, 2, 0, "OPTIMAL", null, true, primal, primal,
                    new double[] {1.5, 1.5}, new double[] {1.0, 1.2}, new int[] {1, 1}, new double[] {2.25, 1.56},
                    new double[] {Double.NaN}, Double.NaN, null, 1, null));
            count("OPTIMAL", true);
        }
    }

    /**
     * Three more β paths on oned (seeds 1 to 3), all BOUNDS with small duals so that no row-level check
     * fires: the value drops at FIT_BETAS[2] of seed 1; the primal exceeds ½‖Y‖² at FIT_BETAS[2] of seed 2;
     * seed 3's first primal is far above its optimum, so the value drops at FIT_BETAS[1] and its dual of
     * 0.45, below its own primal, is above that later primal of 0.4.
     */
    private void plantedRows() {
        planted("drop", 1, new double[] {0.2, 0.4, 0.3}, new double[] {0.05, 0.05, 0.05});
        planted("above", 2, new double[] {0.2, 0.4, 1.5}, new double[] {0.05, 0.05, 0.05});
        planted("dual", 3, new double[] {0.6, 0.4, 0.5}, new double[] {0.45, 0.05, 0.05});
    }

    private void planted(String name, long seed, double[] primal, double[] dual) {
        for (int bi = 0; bi < FIT_BETAS.length; bi++) {
            rows.add(cell(PLANTED + name + "-b" + bi, "oned", "relu-1d", null, FIT_BETAS[bi], 2, seed, "BOUNDS",
                    "planted", false, primal[bi], dual[bi], new double[] {1.5, 1.5}, new double[] {1.0, 1.2},
                    new int[] {1, 1}, new double[] {2.25, 1.56}, new double[] {Double.NaN}, Double.NaN, null, 1,
                    null));
            count("BOUNDS", false);
        }
    }

    private void count(String status, boolean cert) {
        switch (status) {
            case "OPTIMAL" -> optimal++;
            case "BOUNDS" -> bounds++;
            default -> failed++;
        }
        if (cert) {
            certified++;
        }
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static List<Double> toList(double[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static List<Integer> toList(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static Row cell(String id, String data, String setting, String variant, double beta, int depth, long seed,
            String status, String reason, boolean certified, double primal, double dual, double[] fro, double[] op,
            int[] rank, double[] stable, double[] align, double balance, double[] nc, int k, Double baseline) {
        Object[] v = new Object[] {id, 1, data, setting, variant, "wd", beta, depth, null, null, seed, status, reason,
            certified, nanToNull(primal), nanToNull(dual), nanToNull(primal - dual), nanToNull(primal), null,
            toList(fro), toList(op), toList(rank), toList(stable), toList(align), toList(align), toList(align),
            nanToNull(balance), nc == null ? null : nanToNull(nc[0]), nc == null ? null : nanToNull(nc[1]),
            nc == null ? null : nanToNull(nc[2]), nc == null ? null : nanToNull(nc[3]),
            nc == null ? null : nanToNull(nc[4]), nc == null ? null : nanToNull(nc[5]),
            nc == null ? null : nanToNull(nc[6]), nc == null ? null : nanToNull(nc[7]), baseline,
            baseline == null ? null : 1e-5, baseline == null ? null : 50, k, 3L, 1L, 2L,
            "0.1.0", "abc123def456", "17.0.15", "4.2.0", "native (OpenBLAS)", "native", "testhost", "run-1"};
        return RowFactory.create(v);
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    static StructType cellSchema() {
        var d = DataTypes.DoubleType;
        var arr = DataTypes.createArrayType(DataTypes.DoubleType, true);
        return new StructType(new StructField[] {field("cell_id", DataTypes.StringType),
            field("schema_version", DataTypes.IntegerType), field("data", DataTypes.StringType),
            field("setting", DataTypes.StringType), field("variant", DataTypes.StringType),
            field("objective", DataTypes.StringType), field("beta", d), field("depth", DataTypes.IntegerType),
            field("t", d), field("width", DataTypes.IntegerType), field("seed", DataTypes.LongType),
            field("status", DataTypes.StringType), field("reason", DataTypes.StringType),
            field("certified", DataTypes.BooleanType), field("primal", d), field("dual", d), field("gap", d),
            field("forward_primal", d), field("t_star", d), field("layer_fro", arr), field("layer_op", arr),
            field("layer_rank", DataTypes.createArrayType(DataTypes.IntegerType, true)), field("layer_stable_rank", arr),
            field("align_top1", arr), field("align_top2", arr), field("align_subspace", arr), field("balance", d), field("nc1", d),
            field("nc2_equinorm", d), field("nc2_equiangular", d), field("nc2_etf_dev", d), field("nc3_raw", d),
            field("nc3_centered", d), field("nc4", d), field("train_accuracy", d), field("baseline_objective", d),
            field("baseline_excess", d), field("baseline_iterations", DataTypes.IntegerType),
            field("k", DataTypes.IntegerType), field("prepare_ms", DataTypes.LongType),
            field("solve_ms", DataTypes.LongType), field("stats_ms", DataTypes.LongType), field("version", DataTypes.StringType),
            field("commit", DataTypes.StringType), field("java", DataTypes.StringType),
            field("spark", DataTypes.StringType), field("blas", DataTypes.StringType),
            field("lapack", DataTypes.StringType), field("host", DataTypes.StringType),
            field("run_id", DataTypes.StringType)});
    }

    static StructType trajectorySchema() {
        var arr = DataTypes.createArrayType(DataTypes.DoubleType, true);
        StructType point = new StructType(new StructField[] {field("iteration", DataTypes.IntegerType),
            field("objective", DataTypes.DoubleType), field("fro", arr), field("op", arr), field("align_top1", arr)});
        return new StructType(new StructField[] {field("cell_id", DataTypes.StringType),
            field("trajectory", DataTypes.createArrayType(point, false))});
    }

    static StructType datasetSchema() {
        var arr = DataTypes.createArrayType(DataTypes.DoubleType, true);
        return new StructType(new StructField[] {field("name", DataTypes.StringType),
            field("fingerprint", DataTypes.StringType), field("n", DataTypes.IntegerType),
            field("d", DataTypes.IntegerType), field("k", DataTypes.IntegerType), field("singular_values", arr),
            field("linear_targets", arr), field("path_targets", arr), field("y_singular_values", arr),
            field("class_counts", arr)});
    }

    private static List<Row> datasetRows() {
        return List.of(
                RowFactory.create("white3", "whitened|n=6|d=6|seed=1", 6, 6, 3, toList(filled(6, 1.0)), toList(Z),
                        null, null, null),
                RowFactory.create("fm3", "mixture|k=3|seed=0", 12, 12, 3, toList(filled(12, 1.0)),
                        toList(filled(3, 2.0)), toList(filled(3, 2.0)), toList(filled(3, 2.0)),
                        toList(filled(3, 4.0))),
                RowFactory.create("oned", "one-d|n=4", 4, 1, 1, List.of(3.7417), null, null, null, null));
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    /** The data sets of the spec, for the recomputed figures. */
    static DatasetSource datasets() {
        Map<String, Dataset> m = Map.of("fm3", oneHot(), "oned", oneD());
        return name -> Optional.ofNullable(m.get(name));
    }

    static Dataset oneHot() {
        int[] labels = new int[12];
        double[][] y = new double[12][3];
        for (int i = 0; i < 12; i++) {
            labels[i] = i % 3;
            y[i][i % 3] = 1;
        }
        return new Dataset("fm3", Matrix.identity(12), Matrix.ofRows(y), Optional.of(Labels.of(labels)), "fm3");
    }

    static Dataset oneD() {
        return new Dataset("oned", Matrix.column(0, 1, 2, 3), Matrix.column(0, 1, 0, 1), Optional.empty(), "oned");
    }

    /**
     * Stand-in for the sweep's solvers: BN cells get a network whose penultimate features are the
     * class indicators (a simplex ETF after centring), 1-D cells the exact interpolating spline
     * f(x) = relu(x) − 2 relu(x − 1) + 2 relu(x − 2).
     */
    static Solution solve(Dataset data, Problem p) {
        Network net;
        if (data.name().equals("fm3")) {
            net = Network.chain(Activation.RELU, List.of(data.y(), Matrix.identity(3)));
        } else {
            net = new Network(Activation.RELU, List.of(Matrix.ofRows(new double[][] {{1, 1, 1}}),
                    Matrix.column(1, -2, 2)), Optional.empty(), List.of(new double[] {0, -1, -2}), new double[] {0});
        }
        return Solution.builder(p).status(Status.OPTIMAL).primal(0).network(net).build();
    }
}
