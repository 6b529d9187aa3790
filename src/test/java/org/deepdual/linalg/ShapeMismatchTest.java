package org.deepdual.linalg;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation on two matrices of incompatible shapes fails with a message naming both shapes;
 * a square-only operation on a non-square or non-symmetric matrix names the shape and the reason.
 */
class ShapeMismatchTest {
    private static final Matrix A = DecompositionsContractTest.gaussian(3, 4, 1);
    private static final Matrix B = DecompositionsContractTest.gaussian(5, 2, 2);
    private static final Matrix SPD = Matrix.identity(3).scale(2);

    static Stream<Arguments> mismatches() {
        return Stream.of(
                Arguments.of("times", (Executable) () -> A.times(B), "3x4", "5x2"),
                Arguments.of("transposeTimes", (Executable) () -> A.transposeTimes(B), "3x4", "5x2"),
                Arguments.of("plus", (Executable) () -> A.plus(B), "3x4", "5x2"),
                Arguments.of("minus", (Executable) () -> A.minus(B), "3x4", "5x2"),
                Arguments.of("hadamard", (Executable) () -> A.hadamard(B), "3x4", "5x2"),
                Arguments.of("appendColumns", (Executable) () -> A.appendColumns(B), "3x4", "5x2"),
                Arguments.of("choleskySolve", (Executable) () -> Decompositions.choleskySolve(SPD, B), "3x3", "5x2"),
                Arguments.of("CholeskyFactor.solve", (Executable) () -> CholeskyFactor.of(SPD).solve(B), "3x3",
                        "5x2"),
                Arguments.of("pseudoInverseSolve", (Executable) () -> Decompositions.pseudoInverseSolve(A, B, 1e-10),
                        "3x4", "5x2"),
                Arguments.of("times vector", (Executable) () -> A.times(new double[5]), "3x4", "length 5"),
                Arguments.of("transposeTimes vector", (Executable) () -> A.transposeTimes(new double[5]), "3x4",
                        "length 5"),
                Arguments.of("scaleColumns", (Executable) () -> Decompositions.scaleColumns(A, new double[5]), "3x4",
                        "5 factors"),
                Arguments.of("eigSym of a non-square matrix", (Executable) () -> Decompositions.eigSym(A), "3x4",
                        "square"),
                Arguments.of("eigSym of a non-symmetric matrix",
                        (Executable) () -> Decompositions.eigSym(DecompositionsContractTest.gaussian(4, 4, 3)), "4x4",
                        "not symmetric"),
                Arguments.of("Cholesky of a non-square matrix", (Executable) () -> CholeskyFactor.of(A), "3x4",
                        "square"),
                Arguments.of("padTo smaller", (Executable) () -> A.padTo(2, 4), "3x4", "2x4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatches")
    void failsNamingBothShapes(String op, Executable call, String first, String second) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(first) && e.getMessage().contains(second),
                op + ": message '" + e.getMessage() + "' should name " + first + " and " + second);
    }
}
