package org.deepdual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepdual.data.DatasetFactory;
import org.deepdual.data.DatasetSpec;
import org.deepdual.data.FashionMnist;
import org.deepdual.data.GeneratorDescription;
import org.deepdual.data.IdxFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code deepdual datasets} through {@link Main#commandLine()}, output captured. */
class DatasetsCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void listsEveryGeneratorWithItsParameters() {
        Run r = run("datasets", "--fashion-mnist-dir", dir.toString());
        assertEquals(0, r.exit(), r.err());
        for (String g : DatasetSpec.GENERATORS) {
            assertTrue(r.out().contains("  " + g + " "), "generator " + g + " listed:\n" + r.out());
        }
        for (GeneratorDescription g : DatasetFactory.generators()) {
            for (GeneratorDescription.Parameter p : g.parameters()) {
                assertTrue(r.out().contains(p.key() + " "), "parameter " + p.key() + " of " + g.name());
            }
        }
        for (GeneratorDescription.Parameter p : DatasetFactory.targetParameters()) {
            assertTrue(r.out().contains(p.key() + " "), "target key " + p.key());
        }
        for (GeneratorDescription.Parameter p : DatasetFactory.preprocessingParameters()) {
            assertTrue(r.out().contains(p.key() + " "), "preprocessing key " + p.key());
        }
        assertEquals(DatasetSpec.GENERATORS.size(), DatasetFactory.generators().size(), "every generator described");
    }

    @Test
    void anEmptyDirectorySaysWhichPackageToInstall() {
        Run r = run("datasets", "--fashion-mnist-dir", dir.toString());
        assertTrue(r.out().contains("fashion-mnist  not installed in " + dir
                + " (apt-get install dataset-fashion-mnist)"), r.out());
    }

    @Test
    void shapesComeFromTheIdxHeaders() throws IOException {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), 8, new int[] {4, 2, 3}, new byte[24], true);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"), 8, new int[] {4}, new byte[] {0, 1, 2, 4}, true);
        IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte"), 8, new int[] {2, 2, 3}, new byte[12], false);
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), 8, new int[] {2}, new byte[] {0, 1}, false);
        Run r = run("datasets", "--fashion-mnist-dir", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("fashion-mnist  train  4x6  5 classes  " + dir), r.out());
        assertTrue(r.out().contains("fashion-mnist  test   2x6  2 classes  " + dir), r.out());
    }

    @Test
    void aCorruptInstallationIsBadInputNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("train-images-idx3-ubyte"), "not idx");
        Files.writeString(dir.resolve("train-labels-idx1-ubyte"), "not idx");
        Run r = run("datasets", "--fashion-mnist-dir", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("train-images-idx3-ubyte is not an IDX file"), r.err());
    }

    @Test
    void theInstalledFashionMnistHasItsKnownShapes() {
        Assumptions.assumeTrue(FashionMnist.isInstalled(), "Fashion-MNIST is not installed: apt-get install "
                + FashionMnist.DEBIAN_PACKAGE);
        Run r = run("datasets");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("fashion-mnist  train  60000x784  10 classes"), r.out());
        assertTrue(r.out().contains("fashion-mnist  test   10000x784  10 classes"), r.out());
    }

    @Test
    void helpAndVersionWork() {
        Run help = run("datasets", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--fashion-mnist-dir"), help.out());
        Run version = run("datasets", "--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().contains("blas="), version.out());
        Run unknown = run("datasets", "--bogus");
        assertEquals(ExitCodes.BAD_INPUT, unknown.exit());
        assertTrue(unknown.err().contains("--bogus"), unknown.err());
    }
}
