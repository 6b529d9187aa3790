package org.deepdual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code deepdual bench} refuses bad options before measuring anything (exit 2, naming the option). */
class BenchCommandTest {

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new String[] {Integer.toString(exit), err.toString()};
    }

    @Test
    void unknownPartIsBadInputNamingParts() {
        String[] r = run("bench", "--parts", "throughput,warp");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--parts: unknown part 'warp'"), r[1]);
    }

    @Test
    void perClassBeyondWhatWhiteningAllowsIsBadInput() {
        String[] r = run("bench", "--per-class", "79", "--parts", "throughput");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--per-class: must be in 1..78"), r[1]);
    }

    @Test
    void nonPositiveBudgetIsBadInput() {
        String[] r = run("bench", "--budget", "0", "--parts", "convex");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--budget: must be > 0"), r[1]);
    }
}
