package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the built data sets reveal is refused before any Spark job, naming the spec's key path. */
class SweepPlanTest {
    @TempDir
    Path dir;

    private SweepPlan plan(String data, String setting) {
        String text = String.join("\n", "name: p", "output: " + dir.resolve("out"), "data:", data, "settings:", setting,
                "beta: [0.1]", "");
        return SweepPlan.of(SpecReader.parse(text, "p.yaml"), SweepOptions.defaults(), new Configuration());
    }

    @Test
    void settingRefusingBuiltDataIsNamedByKeyPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(
                "  - name: g\n    generator: gaussian\n    n: 10\n    d: 3",
                "  - name: relu-rank1\n    data: [g]\n    depth: [3]"));
        assertTrue(e.getMessage().startsWith("p.yaml: settings[0].data[0]: setting relu-rank1 refuses data set 'g': "),
                e.getMessage());
        assertTrue(e.getMessage().contains("rank one"), e.getMessage());
    }

    @Test
    void relu2WithVectorTargetsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(
                "  - name: g\n    generator: gaussian\n    n: 10\n    d: 2\n    outputs: 2",
                "  - name: relu2\n    data: [g]"));
        assertTrue(e.getMessage().startsWith("p.yaml: settings[0].data[0]: setting relu2 refuses data set 'g'"),
                e.getMessage());
    }

    @Test
    void dataSetThatCannotBeBuiltIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(
                "  - name: f\n    generator: idx\n    path: " + dir.resolve("missing"),
                "  - name: bn\n    data: [f]\n    depth: [3]"));
        assertTrue(e.getMessage().startsWith("p.yaml: data[0]: data 'f': path "), e.getMessage());
    }

    @Test
    void acceptedSpecExpandsIntoPaths() {
        SweepPlan p = plan("  - name: w\n    generator: whitened\n    n: 6\n    d: 10\n    seed: 3",
                "  - name: relu-whitened\n    data: [w]\n    depth: [2, 3]");
        assertEquals(2, p.grid().groups().size());
        assertEquals(2, p.grid().cellCount());
        assertTrue(p.output().toString().endsWith("/out"), p.output().toString());
    }
}
