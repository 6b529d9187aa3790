package org.deepdual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code deepdual sweep}: bad specs exit 2 with one message before Spark starts; --dry-run validates and estimates. */
class SweepCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path spec(String output, String depth) throws Exception {
        Path p = dir.resolve("s.yaml");
        Files.writeString(p, String.join("\n", "name: cli", "output: " + output, "data:", "  - name: g",
                "    generator: gaussian", "    n: 10", "    d: 4", "settings:", "  - name: linear", "    data: [g]",
                "    depth: " + depth, "beta: [0.1, 1.0]", ""));
        return p;
    }

    @Test
    void badSpecExitsTwoNamingFileKeyAndValue() throws Exception {
        Path p = spec(dir.resolve("out").toString(), "[2, 1]");
        Run r = run("sweep", p.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertEquals("deepdual: error: " + p + ": settings[0].depth[1]: depth L must be in 2..1000, got 1",
                r.err().strip());
    }

    @Test
    void outputUnderARegularFileExitsTwoBeforeAnySolve() throws Exception {
        Files.writeString(dir.resolve("plain"), "x");
        Path p = spec(dir.resolve("plain/out").toString(), "[2]");
        Run r = run("sweep", p.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains(p + ": output: lies under the regular file"), r.err());
    }

    @Test
    void missingSpecExitsTwo() {
        Run r = run("sweep", dir.resolve("absent.yaml").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains("absent.yaml: cannot read the spec"), r.err());
    }

    @Test
    void dryRunPrintsCellsPerSettingAndEstimatedWork() throws Exception {
        Path p = spec(dir.resolve("out").toString(), "[2, 3]");
        Run r = run("sweep", p.toString(), "--dry-run", "--master", "local[2]");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("4 cells in 2 beta paths"), r.out());
        assertTrue(r.out().matches("(?s).*cells per setting:\\s+linear\\s+4\\b.*"), r.out());
        assertTrue(r.out().contains("cells present in the output: 0 of 4; missing: 4"), r.out());
        assertTrue(r.out().matches("(?s).*linear on g\\s+4 cells to solve of\\s+4 in\\s+2 paths.*"), r.out());
        assertTrue(r.out().contains("on 2 cores"), r.out());
        for (String estimate : new String[] {"start-up (JVM and Spark, as measured now): ", "reduce: ", "report: ",
            "estimated run: about "}) {
            assertTrue(r.out().contains("\n" + estimate), estimate + " in " + r.out());
        }
        assertTrue(Files.notExists(dir.resolve("out")), "a dry run writes nothing");

        // a complete output: nothing to solve, the cell estimate is 0 s
        assertEquals(ExitCodes.OK, run("sweep", p.toString(), "--master", "local[2]", "--no-report").code());
        Run complete = run("sweep", p.toString(), "--dry-run", "--master", "local[2]");
        assertTrue(complete.out().contains("cells present in the output: 4 of 4; missing: 0"), complete.out());
        assertTrue(complete.out().matches("(?s).*linear on g\\s+0 cells to solve of\\s+4 in\\s+2 paths\\s+0.00 ms/cell\\s+0 s.*"),
                complete.out());
        assertTrue(complete.out().contains("\ncells: 0 s\n"), complete.out());
    }
}
