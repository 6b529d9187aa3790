package org.deepdual.data;

import java.util.List;

/**
 * What a generator or loader of {@link DatasetSpec} makes and which spec keys it reads (the
 * snake_case keys of a sweep spec's {@code data:} entries), for {@code deepdual datasets}; plain
 * ASCII, since a terminal in the C locale would print other characters as '?'.
 *
 * @param name the generator name
 * @param summary one line on the data it makes
 * @param parameters its keys with their meaning, in the order to show them
 */
public record GeneratorDescription(String name, String summary, List<Parameter> parameters) {

    /** One spec key and what it means for this generator. */
    public record Parameter(String key, String meaning) {
    }

    public GeneratorDescription {
        parameters = List.copyOf(parameters);
    }
}
