package org.deepdual.solve.relu2;

import java.util.List;
import org.deepdual.linalg.Gemm;

/**
 * The Gram matrix AᵀA of a face of the pattern program (docs/theory.md §9) in the bases of its
 * blocks, kept as blocks A_jᵀA_k of pairs of face blocks and reused while both bases are unchanged:
 * a round of {@link ActiveSetPolish} changes one block or a few.
 */
final class FaceGram {
    private record Entry(long v1, long v2, double[] gram) {
    }

    /**
     * Entries by block pair, a row allocated when its first block first joins a face: an array, not a
     * hash map, since a round looks up every pair of its face (measured: boxed-key lookups took a tenth
     * of a polish at 136 face blocks).
     */
    private final Entry[][] entries;
    private final int n;
    private final int blocks;
    private long stamps;

    FaceGram(int n, int blocks) {
        this.n = n;
        this.blocks = blocks;
        this.entries = new Entry[blocks][];
    }

    long stamp() {
        return ++stamps;
    }

    /** A_{f1}ᵀA_{f2}, r1 × r2 column-major. */
    double[] block(FaceBlock f1, FaceBlock f2) {
        Entry[] row = entries[f1.b];
        if (row == null) {
            row = new Entry[blocks];
            entries[f1.b] = row;
        }
        Entry e = row[f2.b];
        if (e == null || e.v1() != f1.version || e.v2() != f2.version) {
            int r1 = f1.rank();
            int r2 = f2.rank();
            double[] g = new double[r1 * r2];
            Gemm.multiply(true, false, r1, r2, n, 1.0, f1.columns, f2.columns, 0.0, g);
            e = new Entry(f1.version, f2.version, g);
            row[f2.b] = e;
        }
        return e.gram();
    }

    /** The whole R × R matrix of the face, with {@code offset} the blocks' first reduced variables. */
    double[] matrix(List<FaceBlock> face, int[] offset) {
        int m = face.size();
        int total = offset[m];
        double[] g0 = new double[total * total];
        for (int j = 0; j < m; j++) {
            for (int l = j; l < m; l++) {
                double[] blk = block(face.get(j), face.get(l));
                int rj = offset[j + 1] - offset[j];
                int rl = offset[l + 1] - offset[l];
                for (int c = 0; c < rl; c++) {
                    for (int e = 0; e < rj; e++) {
                        double v = blk[e + c * rj];
                        g0[(offset[j] + e) + (offset[l] + c) * total] = v;
                        g0[(offset[l] + c) + (offset[j] + e) * total] = v;
                    }
                }
            }
        }
        return g0;
    }
}
