package org.deepdual.sweep;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Small specs and helpers shared by the sweep tests. */
final class SweepFixtures {
    private SweepFixtures() {
    }

    /** BN (both variants) on a 3-class mixture and relu-rank1 on rank-one data: 40 cells, milliseconds each. */
    static String smallSpec(Path output) {
        return String.join("\n",
                "name: small",
                "output: " + output,
                "data:",
                "  - name: mix",
                "    generator: mixture",
                "    n: 12",
                "    d: 4",
                "    classes: 3",
                "    seed: 3",
                "  - name: r1",
                "    generator: rank-one",
                "    n: 8",
                "    d: 3",
                "    seed: 2",
                "settings:",
                "  - name: bn",
                "    variant: [relu, linear]",
                "    data: [mix]",
                "    depth: [2, 3]",
                "  - name: relu-rank1",
                "    data: [r1]",
                "    depth: [2, 3]",
                "    seeds: [0]",
                "beta: {logspace: [1.0e-2, 1.0e+1], count: 4}",
                "seeds: [0, 1]",
                "cell_timeout_s: 20",
                "");
    }

    static SweepOptions quiet() {
        return SweepOptions.defaults().withProgress(new PrintStream(new ByteArrayOutputStream()), 60_000);
    }

    static SweepResult run(String specText, SweepOptions options) {
        SweepSpec spec = SpecReader.parse(specText, "test.yaml");
        return new SweepRun(SharedSpark.get(), spec, options).run();
    }

    static List<Row> cells(Path output) {
        SparkSession spark = SharedSpark.get();
        return spark.read().parquet(output.resolve("cells").toString()).collectAsList();
    }
}
