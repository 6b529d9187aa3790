package org.deepdual.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.deepdual.linalg.Matrix;

/**
 * Loaders {@code parquet}, {@code orc} and {@code libsvm}: a table read by a {@link TableSource}
 * becomes a data set with the same label checks, subsampling and targets as {@code csv}. The
 * fingerprint hashes the values read (X, then the labels or Y, as IEEE bits) rather than the file
 * bytes: a Parquet file rewritten with other metadata, or the same numbers stored as ORC or LibSVM,
 * is the same data and keeps its cell ids.
 */
final class TableDataset {
    private TableDataset() {
    }

    static Dataset load(DatasetSpec spec, TableSource source) {
        TableContent t = source.read(spec);
        String file = t.file();
        int n = t.rows();
        if (n == 0) {
            throw SpecFields.bad(spec, "file " + file + " has no rows");
        }
        int d = t.features()[0].length;
        if (d < 1) {
            throw SpecFields.bad(spec, "file " + file + ": the features " + spec.features() + " form no column");
        }
        if (spec.d().isPresent() && spec.d().getAsInt() != d) {
            throw SpecFields.bad(spec, "d = " + spec.d().getAsInt() + " but file " + file + " has " + d
                    + " feature columns");
        }
        Fingerprint fp = new Fingerprint("table", 1).with("values", valuesHash(t));
        return t.labels() != null ? labelled(spec, t, fp) : regression(spec, t, fp);
    }

    private static Dataset labelled(DatasetSpec spec, TableContent t, Fingerprint fp) {
        int n = t.rows();
        int bound = spec.classes().orElse(n);
        String reason = spec.classes().isPresent() ? "labels are 0.." + (bound - 1) + " (classes = " + bound + ")"
                : "labels are 0..K-1 and every class must occur, so they stay below n = " + n;
        int[] raw = new int[n];
        for (int i = 0; i < n; i++) {
            double v = t.labels()[i];
            String where = "file " + t.file() + ": row " + (i + 1) + ", column '" + t.labelColumn() + "': label ";
            if (v != Math.rint(v)) {
                throw SpecFields.bad(spec, where + v + " is not an integer");
            }
            if (v < 0) {
                throw SpecFields.bad(spec, where + (long) v + " is negative (labels are 0..K-1)");
            }
            if (v >= bound) {
                throw SpecFields.bad(spec, where + (long) v + " is out of range: " + reason);
            }
            raw[i] = (int) v;
        }
        Path file = Path.of(t.file());
        int k = LabelledRows.classCount(spec, file, raw, LabelledRows.itemNumbers(n));
        Labels labels;
        try {
            labels = CsvMatrixReader.labelsNamingFile(file, raw, k);
        } catch (IllegalArgumentException e) {
            throw SpecFields.bad(spec, e.getMessage());
        }
        fp.with("targets", spec.targets().equals("signed") ? "signed" : "onehot");
        int[] rows = LabelledRows.select(spec, labels, file, fp);
        Labels kept = LabelledRows.restrict(spec, labels, rows);
        return new Dataset(spec.name(), rowsOf(t.features(), rows), Targets.forLabels(spec, kept), Optional.of(kept),
                fp.toString());
    }

    private static Dataset regression(DatasetSpec spec, TableContent t, Fingerprint fp) {
        if (!spec.targets().equals("linear")) {
            throw SpecFields.bad(spec, "targets " + spec.targets() + " need class labels: set label");
        }
        if (spec.perClass().isPresent()) {
            throw SpecFields.bad(spec, "per_class needs class labels: set label");
        }
        int k = t.targets()[0].length;
        if (spec.outputs() != 1 && spec.outputs() != k) {
            throw SpecFields.bad(spec, "outputs = " + spec.outputs() + " but the target " + t.targetColumns()
                    + " of file " + t.file() + " has " + k + " columns");
        }
        fp.with("outputs", k);
        int[] rows = LabelledRows.itemNumbers(t.rows());
        for (int i = 0; i < rows.length; i++) {
            rows[i]--;
        }
        if (spec.n().isPresent()) {
            try {
                rows = Subsample.uniform(t.rows(), spec.n().getAsInt(), spec.seed());
            } catch (IllegalArgumentException e) {
                throw SpecFields.bad(spec, "file " + t.file() + ": " + e.getMessage());
            }
            fp.with("n", spec.n().getAsInt()).with("seed", spec.seed());
        }
        return new Dataset(spec.name(), rowsOf(t.features(), rows), rowsOf(t.targets(), rows), Optional.empty(),
                fp.toString());
    }

    private static Matrix rowsOf(double[][] table, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = table[rows[i]];
        }
        return Matrix.ofRows(out);
    }

    /** "sha256:" of n, d, X row by row, then the labels (or K and Y row by row), all as IEEE-754 bits. */
    static String valuesHash(TableContent t) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
        int d = t.features()[0].length;
        ByteBuffer b = ByteBuffer.allocate(8 * Math.max(d, 2));
        md.update(b.putLong(t.rows()).putLong(d).array(), 0, 16);
        for (double[] row : t.features()) {
            b.clear();
            for (double v : row) {
                b.putDouble(v);
            }
            md.update(b.array(), 0, 8 * d);
        }
        if (t.labels() != null) {
            b.clear();
            md.update(b.putLong(-1).array(), 0, 8);
            for (double v : t.labels()) {
                b.clear();
                md.update(b.putDouble(v).array(), 0, 8);
            }
        } else {
            int k = t.targets()[0].length;
            ByteBuffer yb = ByteBuffer.allocate(8 * Math.max(k, 1));
            md.update(yb.putLong(k).array(), 0, 8);
            for (double[] row : t.targets()) {
                yb.clear();
                for (double v : row) {
                    yb.putDouble(v);
                }
                md.update(yb.array(), 0, 8 * k);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
}
