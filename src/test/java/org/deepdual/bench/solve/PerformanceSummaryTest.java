package org.deepdual.bench.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The README section is built from the tables as given: ratios and verdicts copied, missing parts said. */
class PerformanceSummaryTest {

    private static ResultTable machine() {
        ResultTable m = new ResultTable("run", List.of("date", "cores", "java", "blas", "lapack", "commit", "mode",
                "load_average", "torch", "seconds"));
        m.add("2026-11-27", 2, "17.0.15", "JNIBLAS", "JNILAPACK", "abc", "full", 3.5, "present", 600.0);
        return m;
    }

    @Test
    void headlineRatiosVerdictsAndMissingPartsAppear() {
        ResultTable h = new ResultTable("headline", BaselineComparison.headlineColumns());
        h.add("linear-L2", 5.5, "OPTIMAL", true, 1e-14, 9.0, 0.2, 0.25, 100, "0.7", "2800", "pytorch lbfgs", "0.7",
                "2800", true, ">= 1000x PyTorch L-BFGS, never worse", "yes");
        h.add("relu2", null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                "faster than best baseline, exact", "not run");
        ResultTable sweep = new ResultTable("sweep", List.of("master", "cells", "speedup", "efficiency", "spark_share"));
        sweep.note("not run: no sweep");
        ResultTable t = new ResultTable("tp", CellThroughput.columns());
        t.add("linear-wd", "gauss", 2, 32, 9.0, 20000.0, 30000.0, 6000.0, 5.0, 7000.0, 900.0, 5.0, 1100.0, "100/0/0", "");
        String md = PerformanceSummary.markdown(machine(), Optional.of(h), Optional.of(t), Optional.of(sweep),
                Optional.empty());
        assertTrue(md.startsWith("## Performance\n"), md);
        assertTrue(md.contains("Measured on 2026-11-27: 2 cores, OpenJDK 17.0.15, BLAS JNIBLAS"), md);
        assertTrue(md.contains("| linear-L2: certified optimum vs training to 1e-4 | 0.2500 ms per cell (100-point beta"
                + " path), 2800× PyTorch L-BFGS"), md);
        assertTrue(md.contains("| >= 1000x PyTorch L-BFGS, never worse | yes |"), md);
        assertTrue(md.contains("| relu2 | not run |"), md);
        assertTrue(md.contains("| throughput linear-wd (its depths, width 32), cells per CPU-second of one core |"
                + " values only 30000–30000; 7000–7000 with weights (6000–6000 by the wall clock); 1100–1100 with"
                + " weights and per-layer statistics (900–900)"), md);
        assertTrue(md.contains("statistics | yes |"), md);
        assertTrue(md.contains("| sweep scaling local[2]/local[1] | not run: no sweep"), md);
        assertTrue(md.contains("deploy/bin/bench"), md);
    }

    @Test
    void sweepSpeedupIsAgainstTheFirstRowAndNamesTheCpus() {
        ResultTable sweep = new ResultTable("sweep", org.deepdual.bench.sweep.SweepScaling.columns());
        sweep.add("local[1]", "1", 10000L, 10000L, 0L, 20.0, 3.0, 4.0, 8.0, 1250.0, 1.0, 0.9, 7.9, 7.2, 0.72, 0.09, 0.3,
                0.4, 1.0, 1.1);
        sweep.add("local[2]", "2", 10000L, 10000L, 0L, 15.0, 3.0, 4.0, 4.4, 2272.0, 8.0 / 4.4, 0.82, 8.6, 7.2, 0.72, 0.16,
                0.5, 0.9, 1.9, 1.8);
        sweep.add("local[1]", "all 2", 10000L, 10000L, 0L, 16.0, 3.0, 4.0, 6.0, 1666.0, 8.0 / 6.0, 1.2, 6.5, 7.2, 0.72, 0.08,
                0.3, 0.3, 1.8, 1.8);
        String md = PerformanceSummary.markdown(machine(), Optional.empty(), Optional.empty(), Optional.of(sweep),
                Optional.empty());
        assertTrue(md.contains("| sweep speedup local[2] on 2 CPU(s) / local[1] on 1 CPU(s) (10000 cells, 0.7200 ms of work each on"
                + " local[1]) | 1.818"),
                md);
        assertTrue(md.contains("| ≥ 1.7 | yes |"), md);
        assertTrue(md.contains("| Spark's share of executor time, local[1] on all 2 CPU(s) | 8.0 % | ≤ 10 % | yes |"), md);
        assertTrue(md.contains("| Spark's share of executor time, local[2] on 2 CPU(s) | 16.0 % | ≤ 10 % | no |"), md);
        assertEquals(1, md.split("sweep speedup", -1).length - 1, md);
    }
}
