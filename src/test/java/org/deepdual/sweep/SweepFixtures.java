package org.deepdual.sweep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Small specs and helpers shared by the sweep tests (and the cluster ITs in org.deepdual.deploy). */
public final class SweepFixtures {
    /**
     * The {@code data:} section's start with the 3-class mixture "mix" (n 12, d 4): small enough that a BN
     * cell solves in milliseconds, with classes so the NC metrics are defined.
     */
    public static final String MIX_DATA = String.join("\n",
            "data:",
            "  - name: mix",
            "    generator: mixture",
            "    n: 12",
            "    d: 4",
            "    classes: 3",
            "    seed: 3");

    /** A second {@code data:} entry, "r1": rank-one data (n 8, d 3), on which relu-rank1 is exact (docs/theory.md). */
    public static final String RANK_ONE_DATA = String.join("\n",
            "  - name: r1",
            "    generator: rank-one",
            "    n: 8",
            "    d: 3",
            "    seed: 2");

    private SweepFixtures() {
    }

    /**
     * The {@code settings:} section for data MIX_DATA + RANK_ONE_DATA: BN (both variants) on "mix" at
     * the depths {@code bnDepths} and relu-rank1 on "r1" at {@code rankOneDepths} (YAML lists such as
     * "[2, 3]"); it ends inside the relu-rank1 entry, so the next lines may add to that setting.
     */
    public static String bnAndRankOneSettings(String bnDepths, String rankOneDepths) {
        return String.join("\n",
                "settings:",
                "  - name: bn",
                "    variant: [relu, linear]",
                "    data: [mix]",
                "    depth: " + bnDepths,
                "  - name: relu-rank1",
                "    data: [r1]",
                "    depth: " + rankOneDepths);
    }

    /** The parquet part files published under OUTPUT/cells so far (0 before the first). */
    public static long publishedParts(Path output) throws IOException {
        Path cells = output.resolve("cells");
        if (!Files.exists(cells)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(cells)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    /** BN (both variants) on a 3-class mixture and relu-rank1 on rank-one data: 40 cells, milliseconds each. */
    static String smallSpec(Path output) {
        return String.join("\n",
                "name: small",
                "output: " + output,
                MIX_DATA,
                RANK_ONE_DATA,
                bnAndRankOneSettings("[2, 3]", "[2, 3]"),
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
