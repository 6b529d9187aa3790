package org.deepdual.report;

import java.util.Objects;

/**
 * One figure of the report: its PNG file (relative to the report directory), pixel size, title and
 * a caption saying what the theory predicts for it.
 */
public record Figure(String file, int width, int height, String title, String caption) {
    public Figure {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(caption, "caption");
    }
}
