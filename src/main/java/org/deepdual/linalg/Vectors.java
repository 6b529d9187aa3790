package org.deepdual.linalg;

/**
 * Arithmetic on plain vectors ({@code double[]}), for code that works on arrays rather than {@link Matrix}.
 * Every sum runs once over the indices in order, so callers that share these get bit-identical results
 * (the data generators rely on that: their bits must not depend on the machine).
 */
public final class Vectors {
    private Vectors() {
    }

    /** a·b over the indices of {@code a}, in order. */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** ‖v‖₂², the plain sum of squares in index order. */
    public static double normSquared(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return s;
    }

    /** The Euclidean norm ‖v‖₂ (plain sum of squares: callers' vectors are far from over- or underflow). */
    public static double norm(double[] v) {
        return Math.sqrt(normSquared(v));
    }

    /** a·x + y as a new array. */
    public static double[] axpy(double a, double[] x, double[] y) {
        double[] out = y.clone();
        axpyInPlace(a, x, out);
        return out;
    }

    /** y += a·x. */
    public static void axpyInPlace(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    /** a·x as a new array. */
    public static double[] scale(double a, double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = a * x[i];
        }
        return out;
    }

    /** x *= a. */
    public static void scaleInPlace(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }
}
