package org.deepdual.bench.solve;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark result table: named columns and rows of values, printed aligned for people and
 * written as RFC 4180 CSV (header line, comma-separated, fields quoted when they hold a comma, a
 * quote or a line break) for scripts. Doubles print with 4 significant digits in the table and
 * with full precision in the CSV; an absent value (a part that did not run) is an empty field.
 */
public final class ResultTable {
    private final String title;
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public ResultTable(String title, List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table '" + title + "' needs at least one column");
        }
        this.title = title;
        this.columns = List.copyOf(columns);
    }

    public String title() {
        return title;
    }

    public List<String> columns() {
        return columns;
    }

    /** Adds a row; {@code values} in column order, null for an absent value. */
    public ResultTable add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("table '" + title + "' has " + columns.size() + " columns but the row has "
                    + values.length + " values");
        }
        List<Object> row = new ArrayList<>(values.length);
        Collections.addAll(row, values);
        rows.add(Collections.unmodifiableList(row));
        return this;
    }

    /** A line printed under the table (what did not run and why, what the numbers mean). */
    public ResultTable note(String note) {
        notes.add(note);
        return this;
    }

    public List<List<Object>> rows() {
        return Collections.unmodifiableList(rows);
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** The value of {@code column} in row {@code row}. */
    public Object get(int row, String column) {
        int c = columns.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("table '" + title + "' has no column '" + column + "'");
        }
        return rows.get(row).get(c);
    }

    /** The table aligned in columns, with its title and notes. */
    public void print(PrintStream out) {
        int[] widths = new int[columns.size()];
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
        }
        for (List<Object> row : rows) {
            List<String> text = new ArrayList<>();
            for (int c = 0; c < row.size(); c++) {
                String s = display(row.get(c));
                widths[c] = Math.max(widths[c], s.length());
                text.add(s);
            }
            cells.add(text);
        }
        out.println();
        out.println("== " + title);
        out.println(line(columns, widths));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        out.println(rule);
        for (List<String> text : cells) {
            out.println(line(text, widths));
        }
        for (String note : notes) {
            out.println("  note: " + note);
        }
        out.flush();
    }

    /** Writes the CSV to {@code file} (creating its directory), notes excluded. */
    public void writeCsv(Path file) {
        StringBuilder sb = new StringBuilder();
        sb.append(csvLine(columns)).append('\n');
        for (List<Object> row : rows) {
            List<String> fields = new ArrayList<>();
            for (Object v : row) {
                fields.add(csvValue(v));
            }
            sb.append(csvLine(fields)).append('\n');
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a CSV this class wrote: one map per row, column name to field text, in column order. */
    public static List<Map<String, String>> readCsv(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<List<String>> records = parseCsv(text);
        if (records.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty CSV, expected a header line");
        }
        List<String> header = records.get(0);
        List<Map<String, String>> out = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (rec.size() != header.size()) {
                throw new IllegalArgumentException(file + ": record " + r + " has " + rec.size() + " fields, header has "
                        + header.size());
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                m.put(header.get(c), rec.get(c));
            }
            out.add(m);
        }
        return out;
    }

    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> current = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            any = true;
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                current.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                current.add(field.toString());
                field.setLength(0);
                records.add(current);
                current = new ArrayList<>();
                any = false;
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("CSV ends inside a quoted field");
        }
        if (any) {
            current.add(field.toString());
            records.add(current);
        }
        return records;
    }

    static String display(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "-";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e7) {
                return String.format(Locale.ROOT, "%.0f", d);
            }
            return String.format(Locale.ROOT, "%.4g", d);
        }
        return v.toString();
    }

    static String csvValue(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d && Double.isNaN(d)) {
            return "";
        }
        return v.toString();
    }

    private static String csvLine(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        return sb.toString();
    }

    private static String line(List<String> fields, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < fields.size(); c++) {
            if (c > 0) {
                sb.append("  ");
            }
            String f = fields.get(c);
            sb.append(f).append(" ".repeat(widths[c] - f.length()));
        }
        return sb.toString().stripTrailing();
    }
}
