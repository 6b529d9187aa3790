package org.deepdual.cli;

import java.util.function.Supplier;

/** Attaches the offending option's name to bad-input messages, so every error names its argument. */
final class BadInput {
    private BadInput() {
    }

    static <T> T named(String option, Supplier<T> body) {
        try {
            return body.get();
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(m.startsWith(option) ? m : option + ": " + m, e);
        }
    }
}
