package org.deepdual.bench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** The projection's spec as text, with its {@code output:} and {@code seeds:} lines replaced on request. */
record SpecText(String text) {
    static SpecText read(Path spec) {
        try {
            return new SpecText(Files.readString(spec));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + spec, e);
        }
    }

    SpecText withOutput(Path output) {
        return new SpecText(text.replaceFirst("(?m)^output: .*$", "output: " + output.toAbsolutePath()));
    }

    SpecText withSeeds(long count) {
        String seeds = LongStream.range(0, count).mapToObj(Long::toString).collect(Collectors.joining(", "));
        return new SpecText(text.replaceFirst("(?m)^seeds: .*$", "seeds: [" + seeds + "]"));
    }

    long seedCount() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^seeds: \\[(.*)]\\s*$").matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("the projection's spec needs a one-line 'seeds: [...]' list");
        }
        return m.group(1).split(",").length;
    }

    /** Writes the text to {@code file} (its directory made first) and returns the file. */
    Path writeTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
