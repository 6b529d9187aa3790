package org.deepdual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deepdual.Approx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The {@code solve} command as docs/cli.md pins it: JSON on the last stdout line, exit 0/2. */
class SolveCommandTest {
    @TempDir
    static Path dir;
    static Path x;
    static Path y;
    static Path labels;
    static Path whitenedX;
    static Path oneHotLabels;

    /** docs/theory.md §4 golden data. */
    @BeforeAll
    static void writeData() throws IOException {
        x = write("x.csv", "1,0,1\n0,2,0\n1,1,0\n0,0,1\n");
        y = write("y.csv", "1\n-1\n2\n0.5\n");
        labels = write("labels.csv", "0\n1\n0\n1\n");
        // X = I_6 is whitened; 2 per class, K = 3 (docs/theory.md §6 one-hot golden values)
        StringBuilder eye = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                eye.append(j == 0 ? "" : ",").append(i == j ? 1 : 0);
            }
            eye.append('\n');
        }
        whitenedX = write("eye.csv", eye.toString());
        oneHotLabels = write("onehot.csv", "0\n0\n1\n1\n2\n2\n");
    }

    private static Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            String[] lines = out.strip().split("\n");
            return new ObjectMapper().readTree(lines[lines.length - 1]);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void goldenLinearWdL3GivesCertifiedOptimumAsJson() throws IOException {
        Run r = run("solve", "--setting", "linear", "--objective", "wd", "--beta", "0.5", "--depth", "3",
                "--x", x.toString(), "--y", y.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        for (String key : SolutionJson.keys()) {
            assertTrue(j.has(key), "missing key " + key + " in " + j);
        }
        assertEquals("OPTIMAL", j.get("status").asText());
        assertTrue(j.get("certified").asBoolean());
        Approx.assertRel(1.6369691936, j.get("primal").asDouble(), 1e-9, "primal");
        Approx.assertRel(j.get("primal").asDouble(), j.get("forward_primal").asDouble(), 1e-8, "forward_primal");
        assertTrue(j.get("gap").asDouble() <= 1e-9 * Math.max(1, j.get("primal").asDouble()));
        assertEquals(3, j.get("layers").size());
        for (JsonNode layer : j.get("layers")) {
            assertEquals(1, layer.get("rank").asInt(), "rank-one layers (docs/theory.md §11)");
            Approx.assertRel(1.0, layer.get("stable_rank").asDouble(), 1e-9, "stable rank");
        }
        for (JsonNode a : j.get("alignment")) {
            Approx.assertRel(1.0, a.get("top1").asDouble(), 1e-9, "alignment");
        }
        assertTrue(j.get("t").asDouble() > 0, "t* reported for wd");
        assertTrue(j.get("provenance").has("blas"));
    }

    @Test
    void oneHotWhitenedReportsCollapse() throws IOException {
        Run r = run("solve", "--setting", "relu-whitened", "--objective", "wd", "--beta", "0.2", "--depth", "3",
                "--x", whitenedX.toString(), "--labels", oneHotLabels.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        Approx.assertRel(1.0840802189, j.get("primal").asDouble(), 1e-9, "docs/theory.md §6 golden value");
        JsonNode c = j.get("collapse");
        Approx.assertAbs(0.0, c.get("nc1").asDouble(), 1e-10, "nc1");
        Approx.assertAbs(0.0, c.get("nc2_etf_dev").asDouble(), 1e-10, "nc2_etf_dev");
        Approx.assertAbs(Math.sqrt(2 - 2 * Math.sqrt(2.0 / 3)), c.get("nc3_raw").asDouble(), 1e-9, "nc3_raw");
        Approx.assertAbs(1.0, c.get("train_accuracy").asDouble(), 0, "train accuracy");
    }

    @Test
    void weightsDirHoldsEveryLayer() {
        Path out = dir.resolve("weights");
        Run r = run("solve", "--setting", "linear", "--objective", "tc", "--beta", "0.5", "--depth", "4", "--t", "0.9",
                "--width", "3", "--x", x.toString(), "--y", y.toString(), "--weights-dir", out.toString());
        assertEquals(0, r.exit(), r.err());
        for (int l = 1; l <= 4; l++) {
            assertTrue(Files.exists(out.resolve("W" + l + ".csv")), "W" + l);
        }
    }

    @Test
    void tooSmallWidthIsFailedNotAnError() throws IOException {
        Run r = run("solve", "--setting", "relu-whitened", "--objective", "wd", "--beta", "0.2", "--depth", "3",
                "--width", "2", "--x", whitenedX.toString(), "--labels", oneHotLabels.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals("FAILED", j.get("status").asText());
        assertTrue(j.get("reason").asText().contains("width 2 < needed 3"), j.get("reason").asText());
    }

    static Stream<Arguments> badArguments() {
        String xs = "X";
        return Stream.of(
                Arguments.of(List.of("--setting", "quadratic"), "--setting"),
                Arguments.of(List.of("--objective", "l1"), "--objective"),
                Arguments.of(List.of("--beta", "-1"), "--beta"),
                Arguments.of(List.of("--beta", "NaN"), "--beta"),
                Arguments.of(List.of("--depth", "1"), "--depth"),
                Arguments.of(List.of("--objective", "tc", "--t", "0"), "--t"),
                Arguments.of(List.of("--objective", "tc"), "--t"),
                Arguments.of(List.of("--width", "0"), "--width"),
                Arguments.of(List.of("--x", "/nonexistent/x.csv"), "--x"),
                Arguments.of(List.of("--setting", "relu-whitened"), "--x"),
                Arguments.of(List.of("--baseline", "sgd-momentum"), "--baseline"),
                Arguments.of(List.of("--setting", "relu2", "--depth", "3"), "--setting"),
                Arguments.of(List.of("--setting", "relu-1d-deep", "--depth", "2"), "depth must be >= 3"),
                Arguments.of(List.of("--setting", "relu-1d-deep", "--objective", "tc", "--t", "1"), "(objective wd) only"),
                Arguments.of(List.of("--relu2-seed", "adam"), "--relu2-seed"),
                Arguments.of(List.of(xs), "Unmatched"));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badInputExitsTwoNamingTheArgument(List<String> override, String named) {
        List<String> args = new ArrayList<>(List.of("solve", "--setting", "linear", "--objective", "wd", "--beta",
                "0.5", "--depth", "3", "--x", x.toString(), "--y", y.toString()));
        for (int i = 0; i + 1 < override.size(); i += 2) {
            int at = args.indexOf(override.get(i));
            if (at >= 0) {
                args.set(at + 1, override.get(i + 1));
            } else {
                args.add(override.get(i));
                args.add(override.get(i + 1));
            }
        }
        if (override.size() % 2 == 1) {
            args.add(override.get(override.size() - 1));
        }
        Run r = run(args.toArray(String[]::new));
        assertEquals(2, r.exit(), "stderr: " + r.err() + " stdout: " + r.out());
        assertTrue(r.err().contains(named), "error should name " + named + ": " + r.err());
        assertFalse(r.err().contains("Exception"), "a one-line error, not a stack trace: " + r.err());
    }

    /** docs/theory.md §7.3: relu-1d-deep is trained, BOUNDS with no dual, its value the network's forward objective. */
    @Test
    void relu1dDeepIsTrainedAndBoundsWithoutADual() throws IOException {
        Path ox = write("oned-x.csv", "-1\n-0.4\n0.2\n0.9\n");
        Path oy = write("oned-y.csv", "1\n-1\n0.5\n-0.5\n");
        Run r = run("solve", "--setting", "relu-1d-deep", "--objective", "wd", "--beta", "1", "--depth", "3",
                "--width", "3", "--x", ox.toString(), "--y", oy.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals("BOUNDS", j.get("status").asText());
        assertTrue(j.get("dual").isNull(), "no lower bound is claimed: " + j.get("dual"));
        assertTrue(j.get("dual_reason").asText().contains("no lower bound is known"), j.get("dual_reason").asText());
        assertFalse(j.get("certified").asBoolean());
        assertEquals(j.get("primal").asDouble(), j.get("forward_primal").asDouble(), 1e-12);
        assertTrue(j.get("reason").asText().startsWith("trained"), j.get("reason").asText());
    }

    @Test
    void ragggedCsvNamesFileAndRow() throws IOException {
        Path bad = write("ragged.csv", "1,2,3\n4,5\n1,1,1\n0,0,1\n");
        Run r = run("solve", "--setting", "linear", "--objective", "wd", "--beta", "0.5", "--depth", "2", "--x",
                bad.toString(), "--y", y.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--x") && r.err().contains("ragged.csv"), r.err());
    }

    @Test
    void labelsWithMissingClassAreRefused() throws IOException {
        Path bad = write("gap-labels.csv", "0\n2\n0\n2\n");
        Run r = run("solve", "--setting", "bn", "--objective", "wd", "--beta", "0.5", "--depth", "3", "--x",
                x.toString(), "--labels", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--labels") && r.err().contains("class 1"), r.err());
    }

    /**
     * relu2 with sampled patterns (d = 4) is seeded by a short L-BFGS run unless {@code --relu2-seed none}:
     * the JSON says which, and the seeded value is not above the unseeded one (issue 7).
     */
    @Test
    void relu2IsSeededByDefaultAndNoneSolvesUnseeded() throws IOException {
        java.util.Random r = new java.util.Random(11);
        StringBuilder xs = new StringBuilder();
        StringBuilder ys = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            double f = 0;
            for (int j = 0; j < 4; j++) {
                double v = r.nextGaussian();
                xs.append(j == 0 ? "" : ",").append(v);
                f += (j % 2 == 0 ? 1 : -0.5) * v;
            }
            xs.append('\n');
            ys.append(Math.max(f, 0) + 0.3 * r.nextGaussian()).append('\n');
        }
        Path rx = write("relu2-x.csv", xs.toString());
        Path ry = write("relu2-y.csv", ys.toString());
        List<String> args = List.of("solve", "--setting", "relu2", "--objective", "wd", "--beta", "0.5", "--depth",
                "2", "--patterns", "10", "--x", rx.toString(), "--y", ry.toString());
        Run seeded = run(args.toArray(String[]::new));
        List<String> noneArgs = new ArrayList<>(args);
        noneArgs.addAll(List.of("--relu2-seed", "none"));
        Run cold = run(noneArgs.toArray(String[]::new));
        assertEquals(0, seeded.exit(), seeded.err());
        assertEquals(0, cold.exit(), cold.err());
        JsonNode s = seeded.json();
        JsonNode c = cold.json();
        assertEquals("lbfgs", s.get("relu2_seed").asText());
        assertEquals("none", c.get("relu2_seed").asText());
        assertTrue(s.get("reason").asText().contains("L-BFGS networks of objective"), s.get("reason").asText());
        assertFalse(c.get("reason").asText().contains("seeded with"), c.get("reason").asText());
        assertTrue(s.get("primal").asDouble() <= c.get("primal").asDouble() * (1 + 1e-6),
                "seeded " + s.get("primal") + " > unseeded " + c.get("primal"));
        Run linear = run("solve", "--setting", "linear", "--objective", "wd", "--beta", "0.5", "--depth", "2",
                "--x", x.toString(), "--y", y.toString());
        assertFalse(linear.json().has("relu2_seed"), "relu2 only");
    }
}
