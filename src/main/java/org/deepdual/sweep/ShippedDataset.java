package org.deepdual.sweep;

import java.io.Serializable;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Matrix;

/**
 * A data set as it travels to executors: plain arrays (column-major X and Y, labels), which Java
 * and Kryo serialization both handle, built once on the driver and broadcast.
 */
public final class ShippedDataset implements Serializable {
    private static final long serialVersionUID = 1L;

    private String name;
    private String fingerprint;
    private int n;
    private int d;
    private int outputs;
    private double[] x;
    private double[] y;
    private int[] labels;
    private int classes;

    ShippedDataset() {
        // for Kryo
    }

    public static ShippedDataset of(Dataset data) {
        ShippedDataset s = new ShippedDataset();
        s.name = data.name();
        s.fingerprint = data.fingerprint();
        s.n = data.n();
        s.d = data.d();
        s.outputs = data.outputs();
        s.x = data.x().toColumnMajor();
        s.y = data.y().toColumnMajor();
        s.labels = data.labels().map(Labels::classOf).orElse(null);
        s.classes = data.labels().map(Labels::k).orElse(0);
        return s;
    }

    String fingerprint() {
        return fingerprint;
    }

    public Dataset toDataset() {
        Optional<Labels> l = labels == null ? Optional.empty() : Optional.of(new Labels(labels, classes));
        return new Dataset(name, Matrix.ofColumnMajor(n, d, x), Matrix.ofColumnMajor(n, outputs, y), l, fingerprint);
    }

    /** Rows [from, to) of X, without building the whole matrix. */
    Matrix rows(int from, int to) {
        return block(x, d, from, to);
    }

    /** Rows [from, to) of Y. */
    Matrix targetRows(int from, int to) {
        return block(y, outputs, from, to);
    }

    /** Class labels of rows [from, to), or null without labels. */
    int[] labelRows(int from, int to) {
        return labels == null ? null : java.util.Arrays.copyOfRange(labels, from, to);
    }

    /** Number of classes (0 without labels). */
    int classes() {
        return classes;
    }

    private Matrix block(double[] colMajor, int cols, int from, int to) {
        int m = to - from;
        double[] out = new double[m * cols];
        for (int j = 0; j < cols; j++) {
            System.arraycopy(colMajor, j * n + from, out, j * m, m);
        }
        return Matrix.ofColumnMajor(m, cols, out);
    }

    public long bytes() {
        return 8L * (x.length + y.length) + (labels == null ? 0 : 4L * labels.length);
    }
}
