package org.deepdual.train;

/** Dense vector arithmetic on flat parameter arrays, for the optimizers. */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** a·x + y as a new array. */
    static double[] axpy(double a, double[] x, double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += a * x[i];
        }
        return out;
    }

    /** y += a·x. */
    static void axpyInPlace(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    static double[] scale(double a, double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = a * x[i];
        }
        return out;
    }
}
