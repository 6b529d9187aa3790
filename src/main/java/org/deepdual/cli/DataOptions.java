package org.deepdual.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deepdual.data.CsvMatrixReader;
import org.deepdual.data.Dataset;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Matrix;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The CSV data options shared by {@code solve} and {@code train} (docs/cli.md). */
final class DataOptions {
    @Option(names = "--x", required = true, description = "CSV file of X (n rows, d columns, no header)")
    Path x;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Targets targets;

    static final class Targets {
        @Option(names = "--y", required = true, description = "CSV file of Y (n rows, K columns)")
        Path y;

        @Option(names = "--labels", required = true, description = "CSV file of integer labels 0..K-1")
        Path labels;
    }

    /** The option the targets came from, to name it in an error about them. */
    String targetsOption() {
        return targets.y != null ? "--y" : "--labels";
    }

    Dataset load() {
        requireFile("--x", x);
        Matrix xm = BadInput.named("--x", () -> CsvMatrixReader.read(x));
        if (targets.y != null) {
            requireFile("--y", targets.y);
            Matrix ym = BadInput.named("--y", () -> CsvMatrixReader.read(targets.y));
            requireSameRows(xm, ym, "--y", targets.y);
            return BadInput.named("--x", () -> new Dataset("cli", xm, ym, Optional.empty(),
                    "csv:" + x.toAbsolutePath() + "," + targets.y.toAbsolutePath()));
        }
        requireFile("--labels", targets.labels);
        Labels l = BadInput.named("--labels", () -> CsvMatrixReader.readLabels(targets.labels));
        Matrix ym = oneHot(l);
        requireSameRows(xm, ym, "--labels", targets.labels);
        return BadInput.named("--x", () -> new Dataset("cli", xm, ym, Optional.of(l),
                "csv:" + x.toAbsolutePath() + "," + targets.labels.toAbsolutePath()));
    }

    static Matrix oneHot(Labels labels) {
        double[] y = new double[labels.n() * labels.k()];
        for (int i = 0; i < labels.n(); i++) {
            y[i + labels.label(i) * labels.n()] = 1.0;
        }
        return Matrix.ofColumnMajor(labels.n(), labels.k(), y);
    }

    private static void requireSameRows(Matrix xm, Matrix ym, String option, Path file) {
        if (xm.rows() != ym.rows()) {
            throw new IllegalArgumentException(option + ": " + file + " has " + ym.rows() + " rows but --x has "
                    + xm.rows());
        }
    }

    private static void requireFile(String option, Path p) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + ": no such file: " + p);
        }
    }
}
