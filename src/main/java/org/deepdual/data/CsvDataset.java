package org.deepdual.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.deepdual.linalg.Matrix;

/**
 * Loader {@code csv}: one numeric CSV file (header optional, see {@link DatasetSpec#header()}).
 * With {@code label_column} that column holds integer class labels 0..K−1 (Y one-hot, or ±1 for
 * two classes with targets "signed") and the other columns are X; without it the last
 * {@code outputs} columns are the regression targets Y. The fingerprint holds the SHA-256 of the
 * file as stored, the header decision and the column roles.
 */
final class CsvDataset {
    private CsvDataset() {
    }

    static Dataset load(DatasetSpec spec) {
        Path file = Path.of(spec.path().orElseThrow());
        CsvTable t;
        try {
            t = CsvMatrixReader.table(file, spec.header());
        } catch (IllegalArgumentException e) {
            throw SpecFields.bad(spec, e.getMessage());
        }
        int cols = t.columns();
        Fingerprint fp = new Fingerprint("csv", 1).with("file", Fingerprint.sha256(file))
                .with("header", !t.header().isEmpty());
        return spec.labelColumn().isPresent() ? labelled(spec, t, fp) : regression(spec, t, cols, fp);
    }

    private static Dataset labelled(DatasetSpec spec, CsvTable t, Fingerprint fp) {
        int cols = t.columns();
        int given = spec.labelColumn().getAsInt();
        int lc = given >= 0 ? given : cols + given;
        if (lc < 0 || lc >= cols) {
            throw SpecFields.bad(spec, "label_column = " + given + " but file " + t.file() + " has " + cols
                    + " columns");
        }
        requireFeatures(spec, t, cols - 1);
        int n = t.rows().length;
        int bound = spec.classes().orElse(n);
        String reason = spec.classes().isPresent() ? "labels are 0.." + (bound - 1) + " (classes = " + bound + ")"
                : "labels are 0..K-1 and every class must occur, so they stay below n = " + n;
        int[] raw = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                raw[i] = CsvMatrixReader.label(t, i, lc, bound, reason);
            }
        } catch (IllegalArgumentException e) {
            throw SpecFields.bad(spec, e.getMessage());
        }
        int k = LabelledRows.classCount(spec, t.file(), raw, t.lines());
        Labels labels;
        try {
            labels = CsvMatrixReader.labelsNamingFile(t.file(), raw, k);
        } catch (IllegalArgumentException e) {
            throw SpecFields.bad(spec, e.getMessage());
        }
        fp.with("label_column", lc).with("targets", spec.targets().equals("signed") ? "signed" : "onehot");
        int[] rows = LabelledRows.select(spec, labels, t.file(), fp);
        Labels kept = LabelledRows.restrict(spec, labels, rows);
        Matrix x = columnsExcept(t, rows, lc);
        return new Dataset(spec.name(), x, Targets.forLabels(spec, kept), Optional.of(kept), fp.toString());
    }

    private static Dataset regression(DatasetSpec spec, CsvTable t, int cols, Fingerprint fp) {
        if (!spec.targets().equals("linear")) {
            throw SpecFields.bad(spec, "targets " + spec.targets() + " need class labels: set label_column");
        }
        if (spec.perClass().isPresent()) {
            throw SpecFields.bad(spec, "per_class needs class labels: set label_column");
        }
        int outputs = spec.outputs();
        requireFeatures(spec, t, cols - outputs);
        fp.with("outputs", outputs);
        int[] rows = all(t.rows().length);
        if (spec.n().isPresent()) {
            try {
                rows = Subsample.uniform(t.rows().length, spec.n().getAsInt(), spec.seed());
            } catch (IllegalArgumentException e) {
                throw SpecFields.bad(spec, "file " + t.file() + ": " + e.getMessage());
            }
            fp.with("n", spec.n().getAsInt()).with("seed", spec.seed());
        }
        int d = cols - outputs;
        double[][] x = new double[rows.length][];
        double[][] y = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] r = t.rows()[rows[i]];
            x[i] = Arrays.copyOfRange(r, 0, d);
            y[i] = Arrays.copyOfRange(r, d, cols);
        }
        return new Dataset(spec.name(), Matrix.ofRows(x), Matrix.ofRows(y), Optional.empty(), fp.toString());
    }

    private static void requireFeatures(DatasetSpec spec, CsvTable t, int d) {
        if (d < 1) {
            throw SpecFields.bad(spec, "file " + t.file() + " has " + t.columns() + " columns, which leaves d = " + d
                    + " feature columns after the targets (d must be >= 1)");
        }
        if (spec.d().isPresent() && spec.d().getAsInt() != d) {
            throw SpecFields.bad(spec, "d = " + spec.d().getAsInt() + " but file " + t.file() + " has " + d
                    + " feature columns");
        }
    }

    private static Matrix columnsExcept(CsvTable t, int[] rows, int skip) {
        int cols = t.columns();
        double[][] x = new double[rows.length][cols - 1];
        for (int i = 0; i < rows.length; i++) {
            double[] r = t.rows()[rows[i]];
            for (int j = 0, o = 0; j < cols; j++) {
                if (j != skip) {
                    x[i][o++] = r[j];
                }
            }
        }
        return Matrix.ofRows(x);
    }

    private static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
