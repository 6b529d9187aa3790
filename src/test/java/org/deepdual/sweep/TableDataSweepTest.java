package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deepdual.data.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data sets read from Parquet, ORC and LibSVM tables (docs/spec.md) against the same numbers given as
 * CSV: equal data sets, and sweeps over Parquet and LibSVM give the cells of the CSV sweep (same
 * values; Parquet and LibSVM, whose fingerprint hashes the values read, also the same ids). Bad
 * tables are refused before the sweep starts, naming the file and the column.
 */
class TableDataSweepTest {
    private static final int N = 18;
    private static final int D = 4;

    @TempDir
    static Path dir;
    private static double[][] x;
    private static int[] labels;

    @BeforeAll
    static void writeTables() throws IOException {
        Random r = new Random(11);
        x = new double[N][D];
        labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < D; j++) {
                x[i][j] = r.nextGaussian() + (j == labels[i] ? 2.5 : 0) + 0.3 * j;
            }
        }
        StringBuilder csv = new StringBuilder();
        StringBuilder svm = new StringBuilder();
        List<Row> rows = new ArrayList<>();
        List<Row> arrays = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Object[] v = new Object[D + 1];
            List<Double> xs = new ArrayList<>();
            svm.append(labels[i]);
            for (int j = 0; j < D; j++) {
                csv.append(x[i][j]).append(',');
                svm.append(' ').append(j + 1).append(':').append(x[i][j]);
                v[j] = x[i][j];
                xs.add(x[i][j]);
            }
            csv.append(labels[i]).append('\n');
            svm.append('\n');
            v[D] = labels[i];
            rows.add(RowFactory.create(v));
            arrays.add(RowFactory.create(xs, (double) labels[i], x[i][0] - 2 * x[i][3]));
        }
        Files.writeString(dir.resolve("t.csv"), csv);
        Files.writeString(dir.resolve("t.svm"), svm);
        StructType schema = new StructType();
        for (int j = 0; j < D; j++) {
            schema = schema.add("x" + j, DataTypes.DoubleType);
        }
        schema = schema.add("label", DataTypes.IntegerType);
        var spark = SharedSpark.get();
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(dir.resolve("t.parquet").toString());
        StructType arraySchema = new StructType().add("xs", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("cls", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        spark.createDataFrame(arrays, arraySchema).coalesce(1).write().mode(SaveMode.Overwrite)
                .orc(dir.resolve("t.orc").toString());
        List<Row> bad = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bad.add(RowFactory.create(1.0 * i, i == 2 ? Double.NaN : 0.5 * i, "w" + i, i % 2));
        }
        spark.createDataFrame(bad, new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("s", DataTypes.StringType).add("label", DataTypes.IntegerType)).coalesce(1).write()
                .mode(SaveMode.Overwrite).parquet(dir.resolve("bad.parquet").toString());
    }

    private static String spec(String out, String data) {
        return String.join("\n", "name: tables", "output: " + out, "data:", "  - name: t", data, "    center: true",
                "settings:", "  - name: linear", "    data: [t]", "    depth: [2, 3]", "    objective: [wd]",
                "beta: {logspace: [1.0e-2, 1.0e+1], count: 3}", "seeds: [0]", "");
    }

    private static final String CSV = "    generator: csv\n    path: " + "%s/t.csv\n    header: false\n"
            + "    label_column: -1";
    private static final String PARQUET = "    generator: parquet\n    path: %s/t.parquet\n"
            + "    features: [x0, x1, x2, x3]\n    label: label";
    private static final String LIBSVM = "    generator: libsvm\n    path: %s/t.svm\n    label: label";
    private static final String ORC = "    generator: orc\n    path: %s/t.orc\n    features: xs\n    label: cls";

    private static Dataset built(String data) {
        SweepSpec s = SpecReader.parse(spec(dir.resolve("unused").toString(), data.formatted(dir)), "test.yaml");
        return DataCatalog.build(s).get("t");
    }

    @Test
    void parquetOrcAndLibsvmTablesHoldTheCsvNumbersAndShareOneFingerprint() {
        Dataset csv = built(CSV);
        Dataset parquet = built(PARQUET);
        Dataset orc = built(ORC);
        Dataset svm = built(LIBSVM);
        for (Dataset t : List.of(parquet, orc, svm)) {
            assertEquals(csv.x(), t.x(), "centred X");
            assertEquals(csv.y(), t.y(), "one-hot Y");
            assertTrue(Arrays.equals(csv.labels().orElseThrow().classOf(), t.labels().orElseThrow().classOf()));
            assertEquals(parquet.fingerprint(), t.fingerprint(), "the values read decide the fingerprint");
        }
        assertTrue(parquet.fingerprint().startsWith("table/v1{") && parquet.fingerprint().endsWith("|center"),
                parquet.fingerprint());
        assertNotEquals(csv.fingerprint(), parquet.fingerprint(), "csv keeps its file-hash fingerprint");

        // regression: a target column instead of labels
        Dataset reg = built("    generator: orc\n    path: %s/t.orc\n    features: [xs]\n    target: y");
        assertEquals(1, reg.outputs());
        assertTrue(reg.labels().isEmpty());
        for (int i = 0; i < N; i++) {
            assertEquals(x[i][0] - 2 * x[i][3], reg.y().get(i, 0), 0.0, "Y is not centred");
            assertEquals(x[i][1] - Arrays.stream(x).mapToDouble(r -> r[1]).average().orElseThrow(),
                    reg.x().get(i, 1), 1e-12);
        }

        // class-balanced subsample: the same rows whatever the format
        Dataset sub = built(PARQUET + "\n    per_class: 2\n    seed: 5");
        Dataset subCsv = built(CSV + "\n    per_class: 2\n    seed: 5");
        assertEquals(6, sub.n());
        assertEquals(subCsv.x(), sub.x());
    }

    @Test
    void sweepsOverParquetAndLibsvmGiveTheCellsOfTheCsvSweep() {
        Map<String, Row> csv = cellsByParameters(sweep("csv", CSV));
        Map<String, Row> parquet = cellsByParameters(sweep("parquet", PARQUET));
        // tasks that rebuild their data sets still get tables from the broadcast (executors cannot read them)
        Map<String, Row> svm = cellsByParameters(sweep("svm", LIBSVM, SweepFixtures.quiet()
                .withShipping(DataShipping.REBUILD)));
        assertEquals(6, csv.size());
        assertEquals(csv.keySet(), parquet.keySet());
        assertEquals(csv.keySet(), svm.keySet());
        for (String k : csv.keySet()) {
            Row c = csv.get(k);
            for (Row t : List.of(parquet.get(k), svm.get(k))) {
                assertEquals(c.<String>getAs("status"), t.getAs("status"), k);
                for (String f : List.of("primal", "dual", "forward_primal")) {
                    assertEquals(c.<Double>getAs(f), t.<Double>getAs(f), 0.0, f + " of " + k);
                }
            }
            assertEquals(parquet.get(k).<String>getAs("cell_id"), svm.get(k).getAs("cell_id"), k);
            assertNotEquals(c.<String>getAs("cell_id"), parquet.get(k).getAs("cell_id"), k);
            assertTrue(c.<Double>getAs("primal") > 0, k);
        }
    }

    private Path sweep(String name, String data) {
        return sweep(name, data, SweepFixtures.quiet());
    }

    private Path sweep(String name, String data, SweepOptions options) {
        Path out = dir.resolve("out-" + name);
        SweepFixtures.run(spec(out.toString(), data.formatted(dir)), options);
        return out;
    }

    private static Map<String, Row> cellsByParameters(Path out) {
        Map<String, Row> m = new TreeMap<>();
        for (Row r : SweepFixtures.cells(out)) {
            m.put(String.format(Locale.ROOT, "%s|%s|%d|%.17g", r.<String>getAs("setting"), r.getAs("objective"),
                    r.<Integer>getAs("depth"), r.<Double>getAs("beta")), r);
        }
        return m;
    }

    @Test
    void badTablesAreRefusedNamingTheFileAndTheColumnBeforeTheSweepStarts() {
        String badFile = dir.resolve("bad.parquet").toString();
        assertRefused("    generator: parquet\n    path: %s/missing.parquet\n    features: [a]\n    label: label",
                "data[0]: data 't': file " + dir.resolve("missing.parquet") + " does not exist");
        assertRefused("    generator: parquet\n    path: %s/bad.parquet\n    features: [a, q]\n    label: label",
                "file " + badFile + " has no column 'q' (named by features); its columns: a, b, s, label");
        assertRefused("    generator: parquet\n    path: %s/bad.parquet\n    features: [a, s]\n    label: label",
                "file " + badFile + ": column 's' (named by features) has type string, not numeric");
        assertRefused("    generator: parquet\n    path: %s/bad.parquet\n    features: [a, b]\n    label: label",
                "file " + badFile + ": row 3, column 'b' is NaN (values must be finite)");
        assertRefused("    generator: parquet\n    path: %s/bad.parquet\n    features: [a]\n    target: [s]",
                "column 's' (named by target) has type string");
        assertRefused("    generator: libsvm\n    path: %s/t.csv\n    label: label", "t.csv cannot be read as libsvm");
        assertRefused("    generator: parquet\n    path: %s/t.parquet\n    features: [x0]",
                "data[0].label: give exactly one of label (a column of class labels) and target");
        assertRefused("    generator: gaussian\n    n: 5\n    d: 2\n    label: label",
                "data[0].label: applies to the table generators [libsvm, orc, parquet] only, not gaussian");
    }

    private void assertRefused(String data, String expected) {
        Path out = dir.resolve("never");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepFixtures.run(spec(out.toString(), data.formatted(dir)), SweepFixtures.quiet()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.yaml: "), e.getMessage());
        assertFalse(Files.exists(out), "nothing was written");
    }
}
