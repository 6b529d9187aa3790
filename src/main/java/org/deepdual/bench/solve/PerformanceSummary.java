package org.deepdual.bench.solve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The README's "Performance" section as Markdown, built from one run's tables: the date and machine,
 * the headline ratios (certified optimum per cell against PyTorch L-BFGS and the best baseline), the
 * throughput range per setting, the sweep speedup and Spark's share, and the BLAS ratio, each with
 * its target, then how to reproduce. Any part that did not run says so instead of a number.
 */
public final class PerformanceSummary {
    private PerformanceSummary() {
    }

    /** The Markdown; every table is optional. */
    public static String markdown(ResultTable machine, Optional<ResultTable> headline, Optional<ResultTable> throughput,
            Optional<ResultTable> sweep, Optional<ResultTable> blas) {
        StringBuilder md = new StringBuilder();
        md.append("## Performance\n\n");
        md.append(String.format(Locale.ROOT, "Measured on %s: %s cores, OpenJDK %s, BLAS %s / LAPACK %s, PyTorch %s, %s"
                + " run, load average %s at the end (other builds shared the cores, so these are medians under"
                + " contention), %s s in total.%n%n", machine.get(0, "date"), machine.get(0, "cores"),
                machine.get(0, "java"), machine.get(0, "blas"), machine.get(0, "lapack"), machine.get(0, "torch"),
                machine.get(0, "mode"), ResultTable.display(machine.get(0, "load_average")),
                ResultTable.display(machine.get(0, "seconds"))));
        md.append("| what | measured | target | met |\n|---|---|---|---|\n");
        headline.ifPresent(h -> headlineRows(h, md));
        throughput.ifPresent(t -> throughputRows(t, md));
        sweep.ifPresent(s -> sweepRows(s, md));
        blas.ifPresent(b -> blasRows(b, md));
        md.append("\nReproduce: `deploy/bin/bench` (installs Debian's `python3-torch` when `/usr/bin/python3` lacks it,"
                + " then runs `deploy/bin/deepdual bench`; under 15 minutes on 2 cores) or `deploy/bin/bench --quick`"
                + " (a smoke run of every part). Parts: `--parts throughput,convex,torch,sweep,blas`. Every table is"
                + " printed and written as CSV under `target/bench/` (`--out DIR`); this section is"
                + " `target/bench/performance.md`.\n");
        return md.toString();
    }

    private static void headlineRows(ResultTable h, StringBuilder md) {
        for (int r = 0; r < h.rows().size(); r++) {
            String c = String.valueOf(h.get(r, "case"));
            Object cell = h.get(r, "cell_ms");
            if (cell == null) {
                md.append("| ").append(c).append(" | not run | ").append(h.get(r, "target")).append(" | - |\n");
                continue;
            }
            String measured = String.format(Locale.ROOT, "%s ms per cell (%s-point beta path), %s× PyTorch L-BFGS,"
                    + " %s× best baseline (%s)", ResultTable.display(cell), h.get(r, "path_points"),
                    orDash(h.get(r, "ratio_torch_lbfgs")), orDash(h.get(r, "ratio_best_baseline")),
                    orDash(h.get(r, "best_baseline")));
            md.append("| ").append(c).append(": certified optimum vs training to 1e-4 | ").append(measured)
                    .append(" | ").append(h.get(r, "target")).append(" | ").append(h.get(r, "met")).append(" |\n");
        }
    }

    private static void throughputRows(ResultTable t, StringBuilder md) {
        List<String> cases = new ArrayList<>();
        for (List<Object> row : t.rows()) {
            String c = String.valueOf(row.get(t.columns().indexOf("case")));
            if (!cases.contains(c)) {
                cases.add(c);
            }
        }
        for (String c : cases) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            double slo = Double.POSITIVE_INFINITY;
            double shi = 0;
            double clo = Double.POSITIVE_INFINITY;
            double chi = 0;
            double cslo = Double.POSITIVE_INFINITY;
            double cshi = 0;
            double vlo = Double.POSITIVE_INFINITY;
            double vhi = 0;
            for (int r = 0; r < t.rows().size(); r++) {
                if (!c.equals(t.get(r, "case")) || !(t.get(r, "cells_per_s") instanceof Double v)) {
                    continue;
                }
                double s = (Double) t.get(r, "stats_cells_per_s");
                Object cv = t.get(r, "cpu_cells_per_s");
                Object cs = t.get(r, "stats_cpu_cells_per_s");
                clo = Math.min(clo, cv instanceof Double d ? d : v);
                chi = Math.max(chi, cv instanceof Double d ? d : v);
                cslo = Math.min(cslo, cs instanceof Double d ? d : s);
                cshi = Math.max(cshi, cs instanceof Double d ? d : s);
                Object vv = t.columns().contains("values_cpu_cells_per_s") ? t.get(r, "values_cpu_cells_per_s") : null;
                if (vv instanceof Double d) {
                    vlo = Math.min(vlo, d);
                    vhi = Math.max(vhi, d);
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                slo = Math.min(slo, s);
                shi = Math.max(shi, s);
            }
            if (hi == 0) {
                md.append("| throughput ").append(c).append(" | not run | | - |\n");
                continue;
            }
            boolean hasValues = vhi > 0;
            double noWeights = hasValues ? vlo : clo;
            boolean metCpu = noWeights >= 5000 && cslo >= 1000;
            md.append(String.format(Locale.ROOT, "| throughput %s (its depths, width 32), cells per CPU-second of one"
                    + " core | %s%s–%s with weights (%s–%s by the wall clock); %s–%s with weights and per-layer"
                    + " statistics (%s–%s) | ≥ 5,000 without weights; ≥ 1,000 with weights and statistics | %s |%n",
                    c, hasValues ? "values only " + ResultTable.display(vlo) + "–" + ResultTable.display(vhi) + "; "
                            : "", ResultTable.display(clo), ResultTable.display(chi), ResultTable.display(lo),
                    ResultTable.display(hi), ResultTable.display(cslo), ResultTable.display(cshi),
                    ResultTable.display(slo), ResultTable.display(shi), metCpu ? "yes" : "no"));
        }
    }

    /** The CPUs a scaling child could use (tables written before the column existed: its cores). */
    private static Object cpus(ResultTable s, int row) {
        return s.columns().contains("cpus") ? s.get(row, "cpus") : s.get(row, "master");
    }

    private static void sweepRows(ResultTable s, StringBuilder md) {
        if (s.rows().isEmpty()) {
            md.append("| sweep scaling local[2]/local[1] | ").append(String.join("; ", s.notes()))
                    .append(" | ≥ 1.7 | - |\n");
            return;
        }
        for (int r = 0; r < s.rows().size(); r++) {
            Object speedup = s.get(r, "speedup");
            String where = s.get(r, "master") + " on " + cpus(s, r) + " CPU(s)";
            if (speedup instanceof Double sp && r > 0 && !"local[1]".equals(s.get(r, "master"))) {
                String cellMs = s.columns().contains("cell_ms") ? ", " + ResultTable.display(s.get(0, "cell_ms"))
                        + " ms of work each on " + s.get(0, "master") : "";
                md.append(String.format(Locale.ROOT, "| sweep speedup %s / %s on %s CPU(s) (%s cells%s) | %s (efficiency %s) |"
                        + " ≥ 1.7 | %s |%n", where, s.get(0, "master"), cpus(s, 0), s.get(r, "cells"), cellMs,
                        ResultTable.display(sp), ResultTable.display(s.get(r, "efficiency")), sp >= 1.7 ? "yes" : "no"));
            }
            Object share = s.get(r, "spark_share");
            if (share instanceof Double sh) {
                md.append(String.format(Locale.ROOT, "| Spark's share of executor time, %s | %.1f %% | ≤ 10 %% | %s |%n",
                        where, 100 * sh, sh <= 0.10 ? "yes" : "no"));
            }
        }
    }

    private static void blasRows(ResultTable b, StringBuilder md) {
        if (b.rows().isEmpty()) {
            md.append("| BLAS native/Java | ").append(String.join("; ", b.notes())).append(" | - | - |\n");
            return;
        }
        for (int r = 0; r < b.rows().size(); r++) {
            md.append(String.format(Locale.ROOT, "| BLAS native/Java, %s L = %s | preparation %s×, cells %s×, cells with"
                    + " statistics %s× | (report) | - |%n", b.get(r, "case"), b.get(r, "depth"),
                    ResultTable.display(b.get(r, "prepare_speedup")), ResultTable.display(b.get(r, "cells_speedup")),
                    ResultTable.display(b.get(r, "stats_speedup"))));
        }
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
