package org.deepdual.sweep.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.deepdual.solve.bench.ResultTable;

/** Part 4 of the benchmark: a sweep on local[1] and local[2] (placeholder until the sweep command lands). */
public final class SweepScaling {
    private SweepScaling() {
    }

    public static ResultTable run(String mainClass, Path outDir, int cells, boolean quick, PrintStream log) {
        ResultTable t = new ResultTable("sweep scaling", List.of("master", "cells", "wall_s"));
        t.note("not run: the sweep command is not in this build");
        return t;
    }
}
