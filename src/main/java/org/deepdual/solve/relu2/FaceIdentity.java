package org.deepdual.solve.relu2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which face of the pattern program a point is on (docs/theory.md §9): its nonzero blocks in
 * increasing order and, per block, its tight cone rows in increasing order. Two identities are equal
 * exactly when the faces are, so a face met again is recognised without any chance of two faces
 * colliding (the cycle check of {@link ActiveSetPolish}, the settled face of {@link PatternAdmm}).
 */
record FaceIdentity(int[] blocks, int[][] tightRows) {

    /** The face of {@link ActiveSetPolish}'s blocks and their tight sets. */
    static FaceIdentity of(List<FaceBlock> face) {
        List<FaceBlock> ordered = new ArrayList<>(face);
        ordered.sort(Comparator.comparingInt(fb -> fb.b));
        int[] blocks = new int[ordered.size()];
        int[][] rows = new int[ordered.size()][];
        for (int j = 0; j < ordered.size(); j++) {
            blocks[j] = ordered.get(j).b;
            rows[j] = ordered.get(j).tight.stream().mapToInt(Integer::intValue).toArray();
        }
        return new FaceIdentity(blocks, rows);
    }

    /** The face of an ADMM iterate: the nonzero blocks of z, each tight where its slack s is zero. */
    static FaceIdentity ofIterate(PatternConeProgram prog, double[] z, double[] s) {
        int n = prog.n;
        List<Integer> blocks = new ArrayList<>();
        List<int[]> rows = new ArrayList<>();
        int[] tight = new int[n];
        for (int b = 0; b < prog.blocks(); b++) {
            if (ActiveSetPolish.blockNorm(z, b, prog.d) == 0) {
                continue;
            }
            int count = 0;
            for (int k = 0; k < n; k++) {
                if (s[b * n + k] == 0.0) {
                    tight[count++] = k;
                }
            }
            blocks.add(b);
            rows.add(Arrays.copyOf(tight, count));
        }
        return new FaceIdentity(blocks.stream().mapToInt(Integer::intValue).toArray(), rows.toArray(new int[0][]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceIdentity f && Arrays.equals(blocks, f.blocks)
                && Arrays.deepEquals(tightRows, f.tightRows);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(blocks) + Arrays.deepHashCode(tightRows);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FaceIdentity[");
        for (int j = 0; j < blocks.length; j++) {
            sb.append(j == 0 ? "" : ", ").append(blocks[j]).append(Arrays.toString(tightRows[j]));
        }
        return sb.append(']').toString();
    }
}
