package org.deepdual.data;

import java.util.OptionalInt;

/** Reads required fields of a {@link DatasetSpec}, refusing a missing one with a message naming it. */
final class SpecFields {
    private SpecFields() {
    }

    static int required(DatasetSpec spec, String field, OptionalInt value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("data '" + spec.name() + "': generator " + spec.generator() + " needs "
                    + field);
        }
        return value.getAsInt();
    }

    static IllegalArgumentException bad(DatasetSpec spec, String message) {
        return new IllegalArgumentException("data '" + spec.name() + "': " + message);
    }

    /**
     * The number of classes K of one-hot targets: {@code classes}, or else {@code outputs} (the
     * columns of a one-hot Y are the classes); both given must agree.
     */
    static int classCount(DatasetSpec spec) {
        if (spec.classes().isPresent()) {
            int k = spec.classes().getAsInt();
            if (spec.outputs() != 1 && spec.outputs() != k) {
                throw bad(spec, "outputs = " + spec.outputs() + " disagrees with classes = " + k
                        + " (one-hot Y has one column per class)");
            }
            return k;
        }
        return spec.outputs();
    }

    /** Refuses fields that only file loaders read. */
    static void refuseFileFields(DatasetSpec spec) {
        if (spec.path().isPresent()) {
            throw bad(spec, "path applies to the file loaders " + DatasetSpec.FILES + " only, not to generator " + spec.generator());
        }
        if (spec.perClass().isPresent()) {
            throw bad(spec, "per_class applies to the file loaders only (use class_sizes or n for generator "
                    + spec.generator() + ")");
        }
        if (spec.split().isPresent()) {
            throw bad(spec, "split applies to idx only");
        }
    }
}
