package org.deepdual.bench.solve;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Part 5 of the benchmark: the throughput part (preparation and cells per second) in two child
 * JVMs, one with netlib's native OpenBLAS/LAPACK (when the machine has {@code libopenblas0}) and one
 * forced onto netlib's pure-Java fallback with {@value #NO_NATIVE_BLAS} and
 * {@value #NO_NATIVE_LAPACK}; the table gives the ratios native/Java for each case and depth.
 */
public final class BlasComparison {
    public static final String NO_NATIVE_BLAS = "-Ddev.ludovic.netlib.blas.allowNative=false";
    public static final String NO_NATIVE_LAPACK = "-Ddev.ludovic.netlib.lapack.allowNative=false";
    /** The cases compared: a scalar closed form, a whitened one, batch norm. */
    public static final List<String> CASES = List.of("linear-wd", "relu-whitened-wd", "bn-relu");

    private BlasComparison() {
    }

    /**
     * Runs {@code deepdual bench --parts throughput} twice as children of {@code mainClass}, writing
     * their output under {@code outDir}/blas-native and blas-java.
     */
    public static ResultTable run(String mainClass, Path outDir, boolean quick, int perClass, PrintStream log) {
        ResultTable t = new ResultTable("BLAS: native OpenBLAS vs pure-Java netlib (same benchmark, child JVMs)",
                List.of("case", "depth", "prepare_ms_native", "prepare_ms_java",
                        "prepare_speedup", "cells_per_s_native", "cells_per_s_java", "cells_speedup",
                        "stats_cells_per_s_native", "stats_cells_per_s_java", "stats_speedup"));
        Map<String, List<Map<String, String>>> byMode = new LinkedHashMap<>();
        Map<String, String> backends = new LinkedHashMap<>();
        for (boolean nativeBlas : List.of(true, false)) {
            String mode = nativeBlas ? "native" : "java";
            Path dir = outDir.resolve("blas-" + mode);
            List<String> jvm = new ArrayList<>(ChildJvm.inheritedJvmArgs());
            if (!nativeBlas) {
                jvm.add(NO_NATIVE_BLAS);
                jvm.add(NO_NATIVE_LAPACK);
            }
            List<String> args = new ArrayList<>(List.of("bench", "--parts", "throughput", "--out", dir.toString(),
                    "--throughput-cases", String.join(",", CASES), "--per-class", Integer.toString(perClass)));
            if (quick) {
                args.add("--quick");
            }
            ChildJvm child = new ChildJvm(jvm, mainClass, args, Map.of("OPENBLAS_NUM_THREADS", "1"));
            log.printf(Locale.ROOT, "  child JVM (%s BLAS) ...%n", mode);
            ChildJvm.Outcome o = child.run(outDir.resolve("blas-" + mode + "-child"), 900);
            if (o.exitCode() != 0) {
                t.note(mode + " child exited with " + o.exitCode() + "; see " + o.stderr());
                return t;
            }
            byMode.put(mode, ResultTable.readCsv(dir.resolve("throughput.csv")));
            Map<String, String> machine = ResultTable.readCsv(dir.resolve("machine.csv")).get(0);
            backends.put(mode, "blas=" + machine.get("blas") + ", lapack=" + machine.get("lapack"));
        }
        for (Map<String, String> nat : byMode.get("native")) {
            Optional<Map<String, String>> jav = byMode.get("java").stream()
                    .filter(r -> r.get("case").equals(nat.get("case")) && r.get("depth").equals(nat.get("depth")))
                    .findFirst();
            if (jav.isEmpty()) {
                continue;
            }
            Map<String, String> j = jav.get();
            t.add(nat.get("case"), Integer.parseInt(nat.get("depth")), num(nat, "prepare_ms"), num(j, "prepare_ms"), ratio(num(j, "prepare_ms"), num(nat, "prepare_ms")),
                    num(nat, "cpu_cells_per_s"), num(j, "cpu_cells_per_s"),
                    ratio(num(nat, "cpu_cells_per_s"), num(j, "cpu_cells_per_s")), num(nat, "stats_cpu_cells_per_s"),
                    num(j, "stats_cpu_cells_per_s"), ratio(num(nat, "stats_cpu_cells_per_s"),
                            num(j, "stats_cpu_cells_per_s")));
        }
        t.note("native child: " + backends.get("native") + "; Java child: " + backends.get("java"));
        if (backends.get("native").equals(backends.get("java"))) {
            t.note("both children ran the same implementation: no native OpenBLAS on this machine"
                    + " (apt-get install -y libopenblas0)");
        }
        t.note("speedup = native / Java (time ratio for prepare, rate ratio for cells); cells per CPU-second of the"
                + " measuring thread (robust to the two children meeting different loads); medians of each child's"
                + " repeated measurements");
        return t;
    }

    static double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? Double.NaN : a / b;
    }

    private static double num(Map<String, String> row, String key) {
        String v = row.get(key);
        return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }
}
