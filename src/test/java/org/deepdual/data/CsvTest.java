package org.deepdual.data;

import static org.deepdual.data.IdxTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The solve command's CSV inputs (CsvMatrixReader) and csv data sets, with every error message. */
class CsvTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void aMatrixRoundTrips() throws IOException {
        Path p = file("x.csv", "1,2.5,-3\n 4 , 5e-1,6\n\n-0.25,1E3,0\n");
        assertEquals(Matrix.ofRows(new double[][] {{1, 2.5, -3}, {4, 0.5, 6}, {-0.25, 1000, 0}}),
                CsvMatrixReader.read(p));
    }

    @Test
    void labelsRoundTripAsIntegers() throws IOException {
        Labels l = CsvMatrixReader.readLabels(file("labels.csv", "0\n2\n1.0\n2\n"));
        assertArrayEquals(new int[] {0, 2, 1, 2}, l.classOf());
        assertEquals(3, l.k());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ragged row         | 1,2,3\\n4,5\\n         | row 2 has 2 columns, but row 1 has 3",
        "not a number       | 1,2\\n3,abc\\n         | row 2, column 2: 'abc' is not a number",
        "a header           | a,b\\n1,2\\n           | row 1, column 1: 'a' is not a number (this file must have no",
        "NaN                | 1,2\\nNaN,2\\n         | row 2, column 1: 'NaN' is not allowed (values must be finite)",
        "infinity           | 1,-Infinity\\n       | row 1, column 2: '-Infinity' is not allowed",
        "empty field        | 1,,3\\n              | row 1, column 2: '' is not a number",
        "no rows            | \\n\\n                 | has no data rows (n must be >= 1)"})
    void badMatrixFilesAreRefusedNamingFileRowAndColumn(String what, String content, String message)
            throws IOException {
        Path p = file("bad.csv", content.replace("\\n", "\n"));
        assertError(() -> CsvMatrixReader.read(p), "file " + p, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "fraction      | 0\\n1.5\\n          | row 2, column 1: label 1.5 is not an integer",
        "negative      | 0\\n-1\\n1\\n       | row 2, column 1: label -1 is negative",
        "out of range  | 0\\n1\\n7\\n        | row 3, column 1: label 7 is out of range",
        "missing class | 0\\n2\\n2\\n        | class 1 of 0..2 has no sample (every class must occur)",
        "two columns   | 0,1\\n1,0\\n        | row 1 has 2 columns; a labels file has one integer per row"})
    void badLabelFilesAreRefused(String what, String content, String message) throws IOException {
        Path p = file("labels.csv", content.replace("\\n", "\n"));
        assertError(() -> CsvMatrixReader.readLabels(p), "file " + p, message);
    }

    @Test
    void aMissingFileIsNamed() {
        Path p = dir.resolve("absent.csv");
        assertError(() -> CsvMatrixReader.read(p), "file " + p + " does not exist");
        assertError(() -> CsvMatrixReader.readLabels(p), "file " + p + " does not exist");
        assertError(() -> DatasetFactory.build(DatasetSpec.file("c", "csv", p.toString())), "data 'c'",
                "does not exist");
    }

    @Test
    void aRegressionDataSetTakesTheLastOutputsColumnsAsY() throws IOException {
        Path p = file("reg.csv", "x1,x2,y1,y2\n1,2,3,4\n5,6,7,8\n9,10,11,12\n");
        Dataset d = DatasetFactory.build(DatasetSpec.builder("r", "csv").path(p.toString()).outputs(2).build());
        assertEquals(Matrix.ofRows(new double[][] {{1, 2}, {5, 6}, {9, 10}}), d.x());
        assertEquals(Matrix.ofRows(new double[][] {{3, 4}, {7, 8}, {11, 12}}), d.y());
        assertTrue(d.labels().isEmpty());
        assertTrue(d.fingerprint().matches("csv/v1\\{file=sha256:[0-9a-f]{64},header=true,outputs=2}"),
                d.fingerprint());
        Dataset noHeader = DatasetFactory.build(DatasetSpec.builder("r", "csv").path(
                file("plain.csv", "1,2,3\n4,5,6\n").toString()).build());
        assertEquals("2x2", noHeader.x().shape());
        assertTrue(noHeader.fingerprint().contains("header=false"), noHeader.fingerprint());
        Dataset forcedHeader = DatasetFactory.build(DatasetSpec.builder("r", "csv").path(
                dir.resolve("plain.csv").toString()).header(true).build());
        assertEquals(Matrix.ofRows(new double[][] {{4, 5}}), forcedHeader.x(), "first row skipped as a header");
        Dataset sub = DatasetFactory.build(DatasetSpec.builder("r", "csv").path(p.toString()).n(2).seed(1).build());
        assertEquals(2, sub.n());
    }

    @Test
    void aLabelledDataSetGivesOneHotTargetsAndABalancedSubsample() throws IOException {
        StringBuilder sb = new StringBuilder("label,a,b\n");
        for (int i = 0; i < 30; i++) {
            sb.append(i % 3).append(',').append(i).append(',').append(-i).append('\n');
        }
        Path p = file("lab.csv", sb.toString());
        DatasetSpec spec = DatasetSpec.builder("l", "csv").path(p.toString()).labelColumn(0).perClass(4).seed(2)
                .build();
        Dataset d = DatasetFactory.build(spec);
        assertEquals("12x2", d.x().shape());
        assertArrayEquals(new int[] {4, 4, 4}, d.labels().orElseThrow().counts());
        GeneratorsTest.assertOneHotOf(d.labels().orElseThrow(), d.y());
        for (int i = 0; i < d.n(); i++) {
            int row = (int) d.x().get(i, 0);
            assertEquals(row % 3, d.labels().orElseThrow().label(i), "label follows its row");
            assertEquals(-row, d.x().get(i, 1));
        }
        assertTrue(d.fingerprint().contains("label_column=0") && d.fingerprint().contains("per_class=4"),
                d.fingerprint());
        Dataset last = DatasetFactory.build(DatasetSpec.builder("l", "csv").path(
                file("last.csv", "1,2,0\n3,4,1\n").toString()).labelColumn(-1).build());
        assertEquals(Matrix.ofRows(new double[][] {{1, 2}, {3, 4}}), last.x());
        assertEquals(Optional.of(Labels.of(new int[] {0, 1})), last.labels());
    }

    @Test
    void badCsvDataSetsAreRefusedNamingTheField() throws IOException {
        Path p = file("lab.csv", "0,1,2\n1,3,4\n2,5,6\n");
        String path = p.toString();
        assertError(() -> DatasetFactory.build(DatasetSpec.builder("c", "csv").path(path).labelColumn(3).build()),
                "data 'c'", "label_column = 3", "3 columns");
        assertError(() -> DatasetFactory.build(DatasetSpec.builder("c", "csv").path(path).labelColumn(0).classes(2)
                .build()), "data 'c'", "row 3, column 1: label 2 is out of range: labels are 0..1 (classes = 2)");
        assertError(() -> DatasetFactory.build(DatasetSpec.builder("c", "csv").path(path).outputs(3).build()),
                "d = 0 feature columns");
        assertError(() -> DatasetFactory.build(DatasetSpec.builder("c", "csv").path(path).targets("onehot").build()),
                "need class labels: set label_column");
        Path shortRow = file("short.csv", "a,b\n1\n");
        assertError(() -> DatasetFactory.build(DatasetSpec.file("c", "csv", shortRow.toString())),
                "row 2 has 1 column, but the header has 2");
        assertError(() -> DatasetFactory.build(DatasetSpec.builder("c", "csv").path(path).labelColumn(0).d(5)
                .build()), "d = 5", "2 feature columns");
        assertError(() -> DatasetFactory.build(DatasetSpec.builder("c", "csv").path(path).labelColumn(0).n(2).seed(0)
                .build()), "data 'c'", "has no sample of class", "per_class");
        Path ragged = file("ragged.csv", "a,b\n1,2\n3\n");
        assertError(() -> DatasetFactory.build(DatasetSpec.file("c", "csv", ragged.toString())), "data 'c'",
                "row 3 has 1 column, but row 2 has 2");
        Path nan = file("nan.csv", "1,2\n3,nan\n");
        assertError(() -> DatasetFactory.build(DatasetSpec.file("c", "csv", nan.toString())), "data 'c'",
                "row 2, column 2", "not a number");
        Path inf = file("inf.csv", "1,2\n3,Infinity\n");
        assertError(() -> DatasetFactory.build(DatasetSpec.file("c", "csv", inf.toString())), "data 'c'",
                "row 2, column 2: 'Infinity' is not allowed");
    }
}
