package org.deepdual.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deepdual.linalg.Matrix;

/**
 * Reads numeric, comma-separated files: the {@code --x}, {@code --y} and {@code --labels} inputs
 * of the solve command (docs/cli.md: no header) and the rows of csv data sets (header
 * optional). Blank lines are skipped; fields may be padded with spaces. Every error is an
 * {@link IllegalArgumentException} naming the file and, where there is one, the row (the 1-based
 * line of the file) and the column (1-based).
 */
public final class CsvMatrixReader {
    private CsvMatrixReader() {
    }

    /** A matrix, one row per line, no header; every value finite, every row of the same length. */
    public static Matrix read(Path file) {
        return Matrix.ofRows(table(file, Optional.of(false)).rows());
    }

    /**
     * Class labels, one integer per line (written as 3 or 3.0), no header: 0..K−1 with K one more
     * than the largest, and every class must occur.
     */
    public static Labels readLabels(Path file) {
        CsvTable t = table(file, Optional.of(false));
        if (t.columns() != 1) {
            throw new IllegalArgumentException("file " + file + ": row " + t.lines()[0] + " has " + t.columns()
                    + " columns; a labels file has one integer per row");
        }
        int[] labels = new int[t.rows().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = label(t, i, 0, labels.length);
        }
        return labelsNamingFile(file, labels, Arrays.stream(labels).max().orElse(-1) + 1);
    }

    /**
     * The integer label in row i, column j of a table: integral, ≥ 0, and below {@code bound} (with
     * every class occurring among n rows, no label can reach n).
     */
    static int label(CsvTable t, int i, int j, int bound) {
        return label(t, i, j, bound, "labels are 0..K-1 and every class must occur, so they stay below " + bound);
    }

    /** As {@link #label(CsvTable, int, int, int)}, with the reason for the bound spelled out. */
    static int label(CsvTable t, int i, int j, int bound, String boundReason) {
        double v = t.rows()[i][j];
        String where = "file " + t.file() + ": row " + t.lines()[i] + ", column " + (j + 1) + ": label ";
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException(where + v + " is not an integer");
        }
        if (v < 0) {
            throw new IllegalArgumentException(where + (long) v + " is negative (labels are 0..K-1)");
        }
        if (v >= bound) {
            throw new IllegalArgumentException(where + (long) v + " is out of range: " + boundReason);
        }
        return (int) v;
    }

    /** Labels with k classes, a class without samples refused with a message naming the file. */
    static Labels labelsNamingFile(Path file, int[] labels, int k) {
        int[] counts = new int[k];
        for (int c : labels) {
            counts[c]++;
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("file " + file + ": class " + c + " of 0.." + (k - 1)
                        + " has no sample (every class must occur)");
            }
        }
        return new Labels(labels, k);
    }

    /**
     * Parses a file into a table. {@code header}: true skips the first non-blank line, false reads
     * it as data, empty treats it as a header exactly when one of its fields is not a number.
     */
    static CsvTable table(Path file, Optional<Boolean> header) {
        List<String> lines = readLines(file);
        List<double[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<String> headerFields = List.of();
        boolean first = true;
        for (int li = 0; li < lines.size(); li++) {
            String line = li == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(li);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (first) {
                first = false;
                if (header.orElseGet(() -> !allNumbers(fields))) {
                    headerFields = Arrays.stream(fields).map(String::trim).toList();
                    continue;
                }
            }
            int lineNo = li + 1;
            if (!rows.isEmpty() && fields.length != rows.get(0).length) {
                throw new IllegalArgumentException("file " + file + ": row " + lineNo + " has " + columns(fields.length)
                        + ", but row " + lineNumbers.get(0) + " has " + rows.get(0).length);
            }
            if (!headerFields.isEmpty() && fields.length != headerFields.size()) {
                throw new IllegalArgumentException("file " + file + ": row " + lineNo + " has " + columns(fields.length)
                        + ", but the header has " + headerFields.size());
            }
            rows.add(parseRow(file, lineNo, fields, header.isEmpty() || header.get() || !rows.isEmpty()));
            lineNumbers.add(lineNo);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("file " + file + " has no data rows (n must be >= 1)");
        }
        return new CsvTable(file, headerFields, rows.toArray(new double[0][]),
                lineNumbers.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double[] parseRow(Path file, int lineNo, String[] fields, boolean headerRuledOut) {
        double[] row = new double[fields.length];
        for (int j = 0; j < fields.length; j++) {
            String f = fields[j].trim();
            String where = "file " + file + ": row " + lineNo + ", column " + (j + 1) + ": ";
            double v;
            try {
                v = Double.parseDouble(f);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "'" + f + "' is not a number"
                        + (headerRuledOut ? "" : " (this file must have no header)"));
            }
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(where + "'" + f + "' is not allowed (values must be finite)");
            }
            row[j] = v;
        }
        return row;
    }

    private static String columns(int c) {
        return c + (c == 1 ? " column" : " columns");
    }

    private static boolean allNumbers(String[] fields) {
        for (String f : fields) {
            try {
                Double.parseDouble(f.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static List<String> readLines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file " + file + " does not exist");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("file " + file + " is not a UTF-8 text file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
