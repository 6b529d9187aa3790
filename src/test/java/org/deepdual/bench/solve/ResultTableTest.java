package org.deepdual.bench.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's CSV writer and reader, and the aligned table: plumbing only, nothing is timed. */
class ResultTableTest {

    @Test
    void csvRoundTripKeepsQuotesCommasLineBreaksEmptyFieldsAndFullPrecision(@TempDir Path dir) throws Exception {
        ResultTable t = new ResultTable("t", List.of("case", "value", "note"));
        t.add("a,b", 0.1 + 0.2, "said \"hi\"\nthen left");
        t.add("plain", null, "");
        t.add("nan", Double.NaN, "x");
        Path file = dir.resolve("sub/t.csv");
        t.writeCsv(file);
        String text = Files.readString(file);
        assertTrue(text.startsWith("case,value,note\n\"a,b\",0.30000000000000004,\"said \"\"hi\"\"\nthen left\"\n"),
                text);
        List<Map<String, String>> rows = ResultTable.readCsv(file);
        assertEquals(3, rows.size());
        assertEquals("a,b", rows.get(0).get("case"));
        assertEquals(0.1 + 0.2, Double.parseDouble(rows.get(0).get("value")));
        assertEquals("said \"hi\"\nthen left", rows.get(0).get("note"));
        assertEquals("", rows.get(1).get("value"));
        assertEquals("", rows.get(2).get("value"), "NaN is written as an absent value");
        assertEquals(List.of("case", "value", "note"), List.copyOf(rows.get(0).keySet()));
    }

    @Test
    void aRowOfTheWrongLengthNamesTheTableAndBothCounts() {
        ResultTable t = new ResultTable("throughput", List.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.add(1));
        assertEquals("table 'throughput' has 2 columns but the row has 1 values", e.getMessage());
    }

    @Test
    void readingARaggedOrUnterminatedCsvFails(@TempDir Path dir) throws Exception {
        Path ragged = dir.resolve("r.csv");
        Files.writeString(ragged, "a,b\n1\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultTable.readCsv(ragged)).getMessage()
                .contains("record 1 has 1 fields, header has 2"));
        Path open = dir.resolve("o.csv");
        Files.writeString(open, "a\n\"unterminated\n");
        assertThrows(IllegalArgumentException.class, () -> ResultTable.readCsv(open));
    }

    @Test
    void printedTableAlignsColumnsAndShowsAbsentValuesAsDashes() {
        ResultTable t = new ResultTable("demo", List.of("name", "rate"));
        t.add("long-name", 12345.678);
        t.add("x", null);
        t.note("a note");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("== demo", lines.get(1));
        assertEquals("name       rate", lines.get(2));
        assertEquals("long-name  1.235e+04", lines.get(4));
        assertEquals("x          -", lines.get(5));
        assertEquals("  note: a note", lines.get(6));
    }

    @Test
    void sampleSummaryGivesMedianQuartilesAndRange() {
        SampleSummary s = SampleSummary.of(new double[] {5, 1, 4, 2, 3});
        assertEquals(3, s.median());
        assertEquals(2, s.q1());
        assertEquals(4, s.q3());
        assertEquals(1, s.min());
        assertEquals(5, s.max());
        assertEquals(1.0 / 3, s.relativeSpread(), 1e-15);
        SampleSummary even = SampleSummary.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, even.median());
        assertEquals(1.75, even.q1());
        assertThrows(IllegalArgumentException.class, () -> SampleSummary.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> SampleSummary.of(new double[] {1, Double.NaN}));
    }

    @Test
    void measurementCountsEveryCallAndRefusesBadSettings() {
        int[] calls = new int[1];
        SampleSummary s = new RepeatedMeasurement(0, 4, 1e-9).secondsPerCall(i -> ++calls[0]);
        assertEquals(4, s.count());
        assertEquals(5, calls[0], "one untimed call, then one per iteration");
        assertThrows(IllegalArgumentException.class, () -> new RepeatedMeasurement(-1, 3, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new RepeatedMeasurement(0, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new RepeatedMeasurement(0, 3, 0));
    }
}
