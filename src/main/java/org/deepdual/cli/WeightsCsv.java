package org.deepdual.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.Network;

/** {@code --weights-dir}: W_1..W_L as W1.csv..WL.csv (and gamma.csv, alpha.csv, biases), full precision. */
final class WeightsCsv {
    private WeightsCsv() {
    }

    static void write(Network net, Path dir) {
        try {
            Files.createDirectories(dir);
            for (int l = 1; l <= net.depth(); l++) {
                writeMatrix(net.layer(l), dir.resolve("W" + l + ".csv"));
            }
            if (net.batchNorm().isPresent()) {
                BatchNorm bn = net.batchNorm().get();
                writeMatrix(Matrix.column(bn.gamma()), dir.resolve("gamma.csv"));
                writeMatrix(Matrix.column(bn.alpha()), dir.resolve("alpha.csv"));
            }
            for (int l = 0; l < net.hiddenBiases().size(); l++) {
                writeMatrix(Matrix.column(net.hiddenBiases().get(l)), dir.resolve("b" + (l + 1) + ".csv"));
            }
            if (net.outputBias().length > 0) {
                writeMatrix(Matrix.column(net.outputBias()), dir.resolve("b_out.csv"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--weights-dir: cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeMatrix(Matrix m, Path file) throws IOException {
        List<String> lines = new ArrayList<>(m.rows());
        for (int i = 0; i < m.rows(); i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < m.cols(); j++) {
                if (j > 0) {
                    sb.append(',');
                }
                sb.append(Double.toString(m.get(i, j)));
            }
            lines.add(sb.toString());
        }
        Files.write(file, lines);
    }
}
