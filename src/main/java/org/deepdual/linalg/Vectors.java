package org.deepdual.linalg;

/** Norms of plain vectors ({@code double[]}), for code that works on arrays rather than {@link Matrix}. */
public final class Vectors {
    private Vectors() {
    }

    /** The Euclidean norm ‖v‖₂ (plain sum of squares: callers' vectors are far from over- or underflow). */
    public static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }
}
