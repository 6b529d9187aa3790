package org.deepdual.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deepdual.cli.Main;
import org.deepdual.sweep.SharedSpark;
import picocli.CommandLine;

/** Seeded data for the estimator tests, as arrays, as CSV for the {@code solve} command and as a DataFrame. */
final class MlFixtures {
    private MlFixtures() {
    }

    /** n × d standard normal entries from {@code seed}. */
    static double[][] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    /** A scalar target with a ReLU kink and noise: relu(x·a) − 0.5 x·b + noise. */
    static double[][] reluTarget(double[][] x, long seed) {
        Random r = new Random(seed);
        double[][] y = new double[x.length][1];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            double t = 0;
            for (int j = 0; j < x[i].length; j++) {
                s += x[i][j] * (j + 1);
                t += x[i][j] * (j % 2 == 0 ? 1 : -1);
            }
            y[i][0] = Math.max(0, s) - 0.5 * t + 0.1 * r.nextGaussian();
        }
        return y;
    }

    static Path csv(Path dir, String name, double[][] m) {
        StringBuilder b = new StringBuilder();
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                b.append(j == 0 ? "" : ",").append(Double.toString(row[j]));
            }
            b.append('\n');
        }
        try {
            return Files.writeString(dir.resolve(name), b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code solve} command run in-process on X and Y as CSV; its JSON (exit 0 asserted by the caller). */
    static JsonNode solveCommand(Path dir, double[][] x, double[][] y, String... options) {
        List<String> args = new ArrayList<>(List.of("solve", "--x", csv(dir, "x.csv", x).toString(),
                "--y", csv(dir, "y.csv", y).toString()));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new AssertionError("solve exited " + exit + ": " + err);
        }
        String[] lines = out.toString().strip().split("\n");
        try {
            return new ObjectMapper().readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Columns {@code features} (vector) and {@code label} (double, or vector when y has several columns). */
    static org.apache.spark.sql.Dataset<Row> frame(double[][] x, double[][] y) {
        boolean vectorLabel = y[0].length > 1;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            rows.add(RowFactory.create(Vectors.dense(x[i]), vectorLabel ? Vectors.dense(y[i]) : y[i][0]));
        }
        StructType schema = new StructType().add("features", new VectorUDT())
                .add("label", vectorLabel ? new VectorUDT() : DataTypes.DoubleType);
        return SharedSpark.get().createDataFrame(rows, schema);
    }

    /** The prediction column, one array per row in input order (a double becomes an array of one). */
    static double[][] predictions(org.apache.spark.sql.Dataset<Row> transformed, String column) {
        List<Row> rows = transformed.select(column).collectAsList();
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            Object v = rows.get(i).get(0);
            out[i] = v instanceof org.apache.spark.ml.linalg.Vector vec ? vec.toArray() : new double[] {(Double) v};
        }
        return out;
    }

    static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(1.0, Math.abs(b));
    }
}
