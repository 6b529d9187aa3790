package org.deepdual.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jobs/quickstart.yaml as the cluster ITs run it: written to another file with its output pointed
 * elsewhere and, to keep a test's wall time small, its β grid (and optionally its seeds) cut down, while
 * every setting, data set and depth stays.
 */
final class QuickstartSpec {
    private static final Pattern BETA_GRID = Pattern.compile("(?m)^beta: \\{logspace: \\[([^]]*)], count: \\d+}\\s*$");
    private static final Pattern SEEDS = Pattern.compile("(?m)^seeds: \\[[^]]*]\\s*$");

    private QuickstartSpec() {
    }

    /**
     * Writes QUICKSTART to SPEC with output OUTPUT, BETA_COUNT β values over the same range (0 keeps the
     * grid) and, unless SEEDS is null, the seed list SEEDS (e.g. "[0]").
     */
    static Path write(Path quickstart, Path spec, Path output, int betaCount, String seeds) throws IOException {
        // output: is a single-line scalar (docs/spec.md), so it can be pointed elsewhere by line
        String text = Files.readString(quickstart).replaceFirst("(?m)^output:.*$", "output: " + output);
        if (betaCount > 0) {
            text = replaceLine(BETA_GRID, text, "beta: {logspace: [$1], count: " + betaCount + "}", quickstart,
                    "single-line 'beta: {logspace: [...], count: N}'");
        }
        if (seeds != null) {
            text = replaceLine(SEEDS, text, "seeds: " + seeds, quickstart, "single-line 'seeds: [...]'");
        }
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, text);
        return spec;
    }

    private static String replaceLine(Pattern line, String text, String replacement, Path source, String what) {
        Matcher m = line.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(source + " has no " + what);
        }
        return m.replaceFirst(replacement);
    }
}
