package org.deepdual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepdual.Approx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solve --loss} (docs/cli.md): the loss in the JSON, and refusals that name the option, setting and loss. */
class LossOptionTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void logisticReluOneDIsCertifiedAndReportsItsLoss() throws IOException {
        Path x = write("x.csv", "-1.5\n-1\n-0.25\n0\n0.5\n1.25\n2\n");
        Path y = write("y.csv", "1\n-1\n1\n1\n-1\n-1\n1\n");
        SolveCommandTest.Run r = SolveCommandTest.run("solve", "--setting", "relu-1d", "--objective", "wd", "--beta",
                "0.1", "--depth", "2", "--loss", "logistic", "--x", x.toString(), "--y", y.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals("logistic", j.get("loss").asText());
        assertEquals("OPTIMAL", j.get("status").asText());
        assertTrue(j.get("certified").asBoolean());
        Approx.assertRel(j.get("primal").asDouble(), j.get("forward_primal").asDouble(), 1e-12, "forward_primal");
        assertTrue(j.get("gap").asDouble() <= 1e-8 * Math.max(1, j.get("primal").asDouble()), j.toString());
    }

    @Test
    void crossEntropyLinearIsCertifiedThroughTheCli() throws IOException {
        Path x = write("x.csv", "1,0.2\n0.3,1\n-1,0.4\n-0.2,-1\n0.8,0.9\n-0.7,-0.6\n");
        Path y = write("y.csv", "1,0,0\n0,1,0\n0,0,1\n0,0,1\n1,0,0\n0,1,0\n");
        SolveCommandTest.Run r = SolveCommandTest.run("solve", "--setting", "linear", "--objective", "tc", "--t", "1",
                "--beta", "0.5", "--depth", "2", "--loss", "cross-entropy", "--x", x.toString(), "--y", y.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals("cross-entropy", j.get("loss").asText());
        assertEquals("OPTIMAL", j.get("status").asText());
        Approx.assertRel(j.get("primal").asDouble(), j.get("forward_primal").asDouble(), 1e-12, "forward_primal");
        assertTrue(j.get("gap").asDouble() <= 1e-8 * Math.max(1, j.get("primal").asDouble()), j.toString());
    }

    @Test
    void refusalsNameTheOptionTheSettingAndTheLoss() throws IOException {
        Path x = write("x.csv", "-1\n0\n1\n");
        Path real = write("real.csv", "0.5\n-1\n1\n");
        SolveCommandTest.Run whitened = SolveCommandTest.run("solve", "--setting", "relu-whitened", "--objective",
                "wd", "--beta", "0.1", "--depth", "2", "--loss", "hinge", "--x", x.toString(), "--y", real.toString());
        assertEquals(2, whitened.exit());
        assertTrue(whitened.err().contains("--loss: hinge is not available for setting relu-whitened"),
                whitened.err());
        SolveCommandTest.Run linear = SolveCommandTest.run("solve", "--setting", "linear", "--objective", "wd",
                "--beta", "0.1", "--depth", "3", "--loss", "logistic", "--x", x.toString(), "--y", real.toString());
        assertEquals(2, linear.exit());
        assertTrue(linear.err().contains("--loss: setting linear with loss logistic and objective wd needs depth 2"),
                linear.err());
        SolveCommandTest.Run labels = SolveCommandTest.run("solve", "--setting", "relu-1d", "--objective", "wd",
                "--beta", "0.1", "--depth", "2", "--loss", "hinge", "--x", x.toString(), "--y", real.toString());
        assertEquals(2, labels.exit());
        assertTrue(labels.err().contains("--y: loss hinge needs labels +1 or -1: row 0 has 0.5"), labels.err());
        SolveCommandTest.Run zero = SolveCommandTest.run("solve", "--setting", "relu-1d", "--objective", "wd",
                "--beta", "0", "--depth", "2", "--loss", "logistic", "--x", x.toString(), "--y", real.toString());
        assertEquals(2, zero.exit());
        assertTrue(zero.err().contains("--beta: must be > 0 with --loss logistic"), zero.err());
    }
}
