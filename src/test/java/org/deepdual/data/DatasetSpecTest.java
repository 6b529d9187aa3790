package org.deepdual.data;

import static org.deepdual.data.PreprocessingTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad field of a data set spec is refused with a message naming the data set, the field and the value. */
class DatasetSpecTest {

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.n(0),
                        List.of("n must be >= 1, got 0")),
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.d(-2),
                        List.of("d must be >= 1, got -2")),
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.outputs(0),
                        List.of("outputs must be >= 1, got 0")),
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.classes(0),
                        List.of("classes must be >= 1, got 0")),
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.perClass(0),
                        List.of("per_class must be >= 1, got 0")),
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.targets("soft"),
                        List.of("targets must be one of", "got 'soft'")),
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.noise(Double.NaN),
                        List.of("noise must be finite and >= 0, got NaN")),
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.noise(-1),
                        List.of("noise must be finite and >= 0")),
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.separation(Double.POSITIVE_INFINITY),
                        List.of("separation must be finite and >= 0, got Infinity")),
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.split("valid"),
                        List.of("split must be one of", "got 'valid'")),
                Arguments.of((UnaryOperator<DatasetSpec.Builder>) b -> b.classSizes(List.of(3, 0)),
                        List.of("class_sizes[1] must be >= 1, got 0")));
    }

    @ParameterizedTest
    @MethodSource("badFields")
    void aBadFieldIsNamed(UnaryOperator<DatasetSpec.Builder> change, List<String> parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(DatasetSpec.builder("bad", "gaussian").n(3).d(2)).build());
        assertContains(e, "data 'bad'");
        assertContains(e, parts.toArray(new String[0]));
    }

    @Test
    void unknownGeneratorAndMissingPathAreNamed() {
        assertContains(assertThrows(IllegalArgumentException.class, () -> DatasetSpec.builder("x", "uniform")
                .build()), "data 'x'", "generator must be one of", "got 'uniform'");
        assertContains(assertThrows(IllegalArgumentException.class, () -> DatasetSpec.builder("x", "idx").build()),
                "data 'x'", "generator idx needs path");
    }

    @Test
    void theFirstConstructorStillWorksWithDefaultsForTheNewComponents() {
        DatasetSpec old = new DatasetSpec("g", "gaussian", OptionalInt.of(5), OptionalInt.of(3), 1,
                OptionalInt.empty(), "linear", 7, Optional.empty(), Optional.empty(), OptionalInt.empty(), false, false,
                false, 0.1);
        assertEquals(DatasetSpec.generated("g", "gaussian", 5, 3, 1, 7), old);
        assertEquals(old, old.toBuilder().build());
    }
}
