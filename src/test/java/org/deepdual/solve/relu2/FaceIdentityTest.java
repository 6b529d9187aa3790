package org.deepdual.solve.relu2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.deepdual.data.Dataset;
import org.junit.jupiter.api.Test;

/** The identity of a face (docs/theory.md §9) is the face itself: equal faces are equal, others never. */
class FaceIdentityTest {
    private static PatternConeProgram program() {
        Dataset data = PatternGenerationTest.planted(70, 3, 4);
        return new PatternConeProgram(data.x(), data.y().column(0), ActivationPatterns.of(data.x(), 6, 1));
    }

    /** Block {@code b} of z nonzero, every slack positive except those of block b at {@code zeroRows}. */
    private static FaceIdentity iterate(PatternConeProgram prog, int b, int... zeroRows) {
        double[] z = new double[prog.d * prog.blocks()];
        z[b * prog.d] = 1.0;
        double[] s = new double[prog.n * prog.blocks()];
        Arrays.fill(s, 0.5);
        for (int k : zeroRows) {
            s[b * prog.n + k] = 0.0;
        }
        return FaceIdentity.ofIterate(prog, z, s);
    }

    @Test
    void facesOfIteratesAreEqualExactlyWhenBlocksAndTightRowsAre() {
        PatternConeProgram prog = program();
        assertEquals(iterate(prog, 1, 3, 40), iterate(prog, 1, 3, 40));
        assertEquals(iterate(prog, 1, 3, 40).hashCode(), iterate(prog, 1, 3, 40).hashCode());
        // rows {63} and {0, 32} of one block hashed alike under the former 64-bit signature (Σ 31-weighted k + 1)
        assertNotEquals(iterate(prog, 1, 63), iterate(prog, 1, 0, 32));
        assertNotEquals(iterate(prog, 1, 3), iterate(prog, 2, 3));
        assertNotEquals(iterate(prog, 1), iterate(prog, 1, 0));
        // a zero block is not on the face, whatever its slacks
        double[] z = new double[prog.d * prog.blocks()];
        double[] s = new double[prog.n * prog.blocks()];
        assertEquals(new FaceIdentity(new int[0], new int[0][]), FaceIdentity.ofIterate(prog, z, s));
    }

    @Test
    void theFaceOfPolishBlocksIsTheirIndicesAndTightSetsInAnyOrder() {
        FaceBlock a = new FaceBlock(4, new TreeSet<>(List.of(7, 2)), new double[] {1, 0, 0}, 10);
        FaceBlock b = new FaceBlock(1, new TreeSet<>(List.of(9)), new double[] {0, 1, 0}, 10);
        FaceIdentity face = FaceIdentity.of(List.of(a, b));
        assertEquals(new FaceIdentity(new int[] {1, 4}, new int[][] {{9}, {2, 7}}), face);
        assertEquals(face, FaceIdentity.of(List.of(b, a)));
        a.release(7);
        assertNotEquals(face, FaceIdentity.of(List.of(a, b)));
        a.tighten(7);
        assertEquals(face, FaceIdentity.of(List.of(a, b)));
    }
}
