package org.deepdual.data;

import java.util.Objects;

/**
 * A table as its reader found it, rows in the order read: the features X, and either raw class labels
 * (still doubles, checked to be integers here) or regression targets Y. {@code file} names the table in
 * messages. {@code labelColumn} and {@code targetColumns} name the columns messages refer to.
 */
public record TableContent(String file, double[][] features, double[] labels, String labelColumn,
        double[][] targets, String targetColumns) {

    public TableContent {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(features, "features");
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("a table has either labels or targets");
        }
    }

    /** A table with class labels. */
    public static TableContent labelled(String file, double[][] features, double[] labels, String labelColumn) {
        return new TableContent(file, features, labels, labelColumn, null, null);
    }

    /** A table with regression targets. */
    public static TableContent regression(String file, double[][] features, double[][] targets, String columns) {
        return new TableContent(file, features, null, null, targets, columns);
    }

    public int rows() {
        return features.length;
    }
}
