package org.deepdual.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.deepdual.linalg.LinalgBackend;
import org.deepdual.bench.solve.BaselineComparison;
import org.deepdual.bench.solve.BenchmarkData;
import org.deepdual.bench.solve.BlasComparison;
import org.deepdual.bench.solve.GeneralVectorThroughput;
import org.deepdual.bench.solve.LargeStatistics;
import org.deepdual.bench.solve.CellThroughput;
import org.deepdual.bench.solve.PerformanceSummary;
import org.deepdual.bench.solve.Relu2PathBenchmark;
import org.deepdual.bench.solve.RepeatedMeasurement;
import org.deepdual.bench.solve.ResultTable;
import org.deepdual.bench.solve.TorchBaseline;
import org.deepdual.sweep.Provenance;
import org.deepdual.bench.sweep.CommitCost;
import org.deepdual.bench.sweep.ProjectionBenchmark;
import org.deepdual.bench.sweep.QuickstartScaling;
import org.deepdual.bench.sweep.ReduceThroughput;
import org.deepdual.bench.sweep.SweepScaling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepdual bench}: the benchmarks of issue "benchmarks" in one run — solve throughput,
 * the certified solve against deepdual's and PyTorch's non-convex training, sweep scaling on
 * local[1] and local[2] (a uniform grid, warm) and of {@code jobs/quickstart.yaml} end to end on 1 and 2 pinned
 * CPUs, and native against pure-Java BLAS; on request ({@code --parts relu2}, ~10 min)
 * the relu2 issue's β path at n = 1000, d = 20, cold against warm. Prints each table and writes it as
 * CSV under {@code --out}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Benchmarks: throughput, convex vs non-convex (ours and PyTorch), sweep scaling, BLAS.")
public final class BenchCommand implements Callable<Integer> {
    static final List<String> PARTS = List.of("throughput", "convex", "torch", "sweep", "blas", "relu2",
            "large-stats", "reduce", "projection", "commit", "general-vector");

    @Option(names = "--parts", split = ",", defaultValue = "throughput,convex,torch,sweep,blas",
            description = "comma-separated parts: ${DEFAULT-VALUE}; relu2 (the relu2 beta path at n = 1000,"
                    + " cold vs warm, ~10 min) and large-stats (statistics of jobs/large.yaml's closed-form cells,"
                    + " factored against dense, ~2 min) and reduce (the reducer's rows/s on a synthetic cells/ of"
                    + " --reduce-rows rows, ~2 min) and projection (the model of a sweep's wall time from measured"
                    + " costs, checked on local[2] and a loopback standalone cluster, projected to 10^6 and 10^7 cells"
                    + " on 100 cores, ~5-10 min) and general-vector (jobs/large.yaml's general-X vector-output linear"
                    + " paths with statistics, ~3 min) and commit (a batch's cost on each commit path: rename on local"
                    + " disk, rename and magic on a local S3 server, ~5 min) run only when named")
    List<String> parts;

    @Option(names = "--quick", description = "short measurements and budgets (a smoke run of every part)")
    boolean quick;

    @Option(names = "--out", description = "directory of the CSV files (default: target/bench of the deepdual"
            + " checkout, or of the working directory)")
    Path out;

    @Option(names = "--budget", description = "seconds of training per baseline run (default 15, quick 3)")
    Double budget;

    @Option(names = "--per-class", defaultValue = "50",
            description = "Fashion-MNIST samples per class for the whitened settings (n = 10*k <= d = 784)")
    int perClass;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "python with python3-torch")
    Path python;

    @Option(names = "--torch-threads", defaultValue = "1", description = "PyTorch intra-op threads")
    int torchThreads;

    @Option(names = "--throughput-cases", split = ",", description = "only these throughput cases")
    List<String> throughputCases = new ArrayList<>();

    @Option(names = "--convex-cases", split = ",", description = "only these comparison cases")
    List<String> convexCases = new ArrayList<>();

    @Option(names = "--sweep-cells", defaultValue = "10000", description = "cells of the scaling sweep")
    int sweepCells;

    @Option(names = "--reduce-rows", description = "rows of the reduce part's synthetic cells/ (default 100000,"
            + " quick 10000)")
    Integer reduceRows;

    @Option(names = "--projection-planning-cells", description = "cells of the grid whose planning the projection"
            + " part times (default 1000000, quick 100000)")
    Long projectionPlanningCells;

    @Option(names = "--projection-standalone", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "the projection part checks its model on a loopback standalone cluster (2 workers x 1"
                    + " core) besides local[2] (default: ${DEFAULT-VALUE})")
    boolean projectionStandalone;

    @Option(names = "--commit-reps", description = "counted repetitions of the commit part (default 5, quick 2)")
    Integer commitReps;

    @Option(names = "--relu2-n", description = "samples of the relu2 path's planted data (default 1000, quick 200)")
    Integer relu2N;

    @Option(names = "--relu2-cells", description = "beta values of the relu2 path (default 50, quick 5)")
    Integer relu2Cells;

    @Override
    public Integer call() {
        Set<String> selected = new LinkedHashSet<>();
        for (String p : parts) {
            if (!PARTS.contains(p)) {
                throw new IllegalArgumentException("--parts: unknown part '" + p + "'; expected any of "
                        + String.join(",", PARTS));
            }
            selected.add(p);
        }
        if (perClass < 1 || 10 * perClass > 784) {
            throw new IllegalArgumentException("--per-class: must be in 1..78 (whitening needs n = 10*k <= 784), got "
                    + perClass);
        }
        if (sweepCells < 1) {
            throw new IllegalArgumentException("--sweep-cells: must be >= 1, got " + sweepCells);
        }
        if (reduceRows != null && reduceRows < 1) {
            throw new IllegalArgumentException("--reduce-rows: must be >= 1, got " + reduceRows);
        }
        if (commitReps != null && commitReps < 1) {
            throw new IllegalArgumentException("--commit-reps: must be >= 1, got " + commitReps);
        }
        if (projectionPlanningCells != null && projectionPlanningCells < 1) {
            throw new IllegalArgumentException("--projection-planning-cells: must be >= 1, got "
                    + projectionPlanningCells);
        }
        if (relu2N != null && relu2N < 2) {
            throw new IllegalArgumentException("--relu2-n: must be >= 2, got " + relu2N);
        }
        if (relu2Cells != null && relu2Cells < 1) {
            throw new IllegalArgumentException("--relu2-cells: must be >= 1, got " + relu2Cells);
        }
        if (out == null) {
            String home = System.getProperty("deepdual.home");
            out = home == null ? Path.of("target", "bench") : Path.of(home, "target", "bench");
        }
        double budgetS = budget != null ? budget : quick ? 3.0 : 15.0;
        if (!(budgetS > 0)) {
            throw new IllegalArgumentException("--budget: must be > 0, got " + budgetS);
        }
        PrintStream log = System.err;
        long t0 = System.nanoTime();
        Provenance prov = Provenance.current();
        log.printf(Locale.ROOT, "deepdual bench %s (commit %s), java %s, %s, %d cores, %s%n", prov.version(),
                prov.commit(), prov.java(), LinalgBackend.describe(), Runtime.getRuntime().availableProcessors(),
                quick ? "quick" : "full");
        BenchmarkData data = new BenchmarkData(perClass);
        List<ResultTable> tables = new ArrayList<>();
        List<String> files = new ArrayList<>();
        RepeatedMeasurement m = quick ? RepeatedMeasurement.quick() : RepeatedMeasurement.standard();
        if (selected.contains("throughput")) {
            log.println("[1/5] solve throughput");
            emit(CellThroughput.run(data, m, throughputCases, log), "throughput.csv", tables, files);
        }
        if (selected.contains("convex") || selected.contains("torch")) {
            log.println("[2-3/5] certified solve vs deepdual's and PyTorch's training");
            BaselineComparison.Options o = new BaselineComparison.Options(budgetS, selected.contains("torch"), python,
                    out.resolve("torch"), torchThreads);
            BaselineComparison.Report r = BaselineComparison.run(data, BaselineComparison.cases(1), o,
                    convexCases, log);
            emit(r.detail(), "convex_vs_baseline.csv", tables, files);
            emit(r.headline(), "headline.csv", tables, files);
        }
        if (selected.contains("sweep")) {
            log.println("[4/5] sweep scaling local[1] vs local[2]");
            emit(SweepScaling.run(out.resolve("sweep"), quick ? Math.min(sweepCells, 2000) : sweepCells, log),
                    "sweep_scaling.csv",
                    tables, files);
            emit(QuickstartScaling.run(out.resolve("sweep"), jobSpec("quickstart.yaml"), log), "sweep_quickstart.csv",
                    tables, files);
        }
        if (selected.contains("blas")) {
            log.println("[5/5] BLAS native vs pure Java");
            emit(BlasComparison.run(Main.class.getName(), out, quick, perClass, log), "blas.csv", tables, files);
        }
        if (selected.contains("relu2")) {
            log.println("[relu2] the relu2 beta path, cold vs warm");
            Relu2PathBenchmark.Options base = quick ? Relu2PathBenchmark.Options.quick()
                    : Relu2PathBenchmark.Options.issue();
            Relu2PathBenchmark.Options o = new Relu2PathBenchmark.Options(relu2N != null ? relu2N : base.n(),
                    base.d(), base.patterns(), relu2Cells != null ? relu2Cells : base.cells(), base.betaHigh(),
                    base.betaLow());
            Relu2PathBenchmark.Report r = Relu2PathBenchmark.run(o, log);
            emit(r.cells(), "relu2_path.csv", tables, files);
            emit(r.summary(), "relu2_path_summary.csv", tables, files);
        }
        if (selected.contains("large-stats")) {
            log.println("[large-stats] statistics of the closed-form cells of jobs/large.yaml, factored vs dense");
            emit(LargeStatistics.run(jobSpec("large.yaml"), m, log), "large_stats.csv", tables, files);
        }
        if (selected.contains("general-vector")) {
            log.println("[general-vector] the general-X vector-output linear paths of jobs/large.yaml, with statistics");
            emit(GeneralVectorThroughput.run(jobSpec("large.yaml"), quick ? 1 : 3, log), "general_vector.csv", tables,
                    files);
        }
        if (selected.contains("reduce")) {
            log.println("[reduce] the reducer's rows/s on a synthetic cells/");
            int rows = reduceRows != null ? reduceRows : quick ? 10_000 : 100_000;
            emit(ReduceThroughput.run(out.resolve("reduce"), rows, quick ? 2 : 5, log), "reduce.csv", tables, files);
        }
        if (selected.contains("projection")) {
            log.println("[projection] a model of a sweep's wall time from measured costs, checked and projected");
            long planning = projectionPlanningCells != null ? projectionPlanningCells : quick ? 100_000 : 1_000_000;
            ProjectionBenchmark.Report r = ProjectionBenchmark.run(out, jobSpec("projection.yaml"), home(), planning,
                    projectionStandalone, log);
            emit(r.costs(), "projection_costs.csv", tables, files);
            emit(r.comparison(), "projection.csv", tables, files);
        }
        if (selected.contains("commit")) {
            log.println("[commit] a batch's cost on each commit path");
            emit(CommitCost.run(out.resolve("commit"), home().resolve("target/s3proxy/s3proxy.jar"),
                    commitReps != null ? commitReps : quick ? 2 : 5, log), "commit.csv", tables, files);
        }
        ResultTable machine = machineTable(prov, (System.nanoTime() - t0) / 1e9);
        emit(machine, "machine.csv", tables, files);
        String md = PerformanceSummary.markdown(machine, find(tables, "headline.csv", files),
                find(tables, "throughput.csv", files), find(tables, "sweep_scaling.csv", files),
                find(tables, "blas.csv", files));
        Path mdFile = out.resolve("performance.md");
        try {
            java.nio.file.Files.writeString(mdFile, md);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + mdFile, e);
        }
        files.add(mdFile.toString());
        PrintStream stdout = System.out;
        for (ResultTable t : tables) {
            t.print(stdout);
        }
        stdout.println();
        stdout.println("CSV: " + String.join(", ", files));
        return ExitCodes.OK;
    }

    private static Optional<ResultTable> find(List<ResultTable> tables, String file, List<String> files) {
        for (int i = 0; i < files.size(); i++) {
            if (Path.of(files.get(i)).getFileName().toString().equals(file)) {
                return Optional.of(tables.get(i));
            }
        }
        return Optional.empty();
    }

    private void emit(ResultTable t, String file, List<ResultTable> tables, List<String> files) {
        Path p = out.resolve(file);
        t.writeCsv(p);
        tables.add(t);
        files.add(p.toString());
    }

    private ResultTable machineTable(Provenance prov, double seconds) {
        ResultTable t = new ResultTable("run", List.of("date", "cores", "java", "blas", "lapack", "commit", "mode",
                "load_average", "torch", "seconds"));
        String torch = TorchBaseline.unavailable(python).map(s -> "absent").orElse("present");
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        t.add(LocalDate.now().toString(), Runtime.getRuntime().availableProcessors(), prov.java(), prov.blas(),
                prov.lapack(), prov.commit(), quick ? "quick" : "full", load, torch, seconds);
        t.note("parts: " + String.join(",", parts) + "; load_average at the end (other processes share the cores)");
        return t;
    }

    /** The deepdual checkout (its deploy/ scripts), or the working directory. */
    private static Path home() {
        String home = System.getProperty("deepdual.home");
        return home == null ? Path.of("").toAbsolutePath() : Path.of(home);
    }

    /** A spec of the checkout's {@code jobs/}. */
    private static Path jobSpec(String name) {
        String home = System.getProperty("deepdual.home");
        return home == null ? Path.of("jobs", name) : Path.of(home, "jobs", name);
    }
}
