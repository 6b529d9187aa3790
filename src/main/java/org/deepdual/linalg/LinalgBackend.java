package org.deepdual.linalg;

/**
 * Which BLAS and LAPACK implementations run: {@code JNIBLAS}/{@code JNILAPACK} when the machine has
 * a native library (libopenblas0), otherwise netlib's Java fallbacks ({@code VectorBLAS},
 * {@code Java11BLAS}, {@code F2jLAPACK}). Goes into every result's provenance.
 */
public final class LinalgBackend {
    private LinalgBackend() {
    }

    public static String blas() {
        return Blas.implementation();
    }

    public static String lapack() {
        return Decompositions.lapack().getClass().getSimpleName();
    }

    public static boolean isNative() {
        return blas().startsWith("JNI") && lapack().startsWith("JNI");
    }

    public static String describe() {
        return "blas=" + blas() + ", lapack=" + lapack();
    }
}
