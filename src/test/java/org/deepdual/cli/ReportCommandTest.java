package org.deepdual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepdual.sweep.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepdual report OUTPUT}: bad input exits 2 naming the argument. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void missingOutputDirectoryIsBadInput() {
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.BAD_INPUT, run(err, "report", tmp.resolve("nope").toString()));
        assertTrue(err.toString().contains("OUTPUT"), err.toString());
    }

    @Test
    void outputWithoutCellsIsBadInput() throws Exception {
        SharedSpark.get(); // the command reuses the running session and leaves it running
        Files.createDirectories(tmp.resolve("empty"));
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.BAD_INPUT, run(err, "report", tmp.resolve("empty").toString()));
        assertTrue(err.toString().contains("cells/"), err.toString());
        assertTrue(!SharedSpark.get().sparkContext().isStopped(), "shared session still running");
    }
}
