package org.deepdual.data;

import java.nio.file.Path;

/** What idx and csv loaders share: the number of classes and the (subsampled) rows to keep. */
final class LabelledRows {
    private LabelledRows() {
    }

    /**
     * K: {@code classes} when given (every label must be below it), otherwise one more than the
     * largest label. {@code rowNumbers} are the 1-based rows messages name (file lines for csv).
     */
    static int classCount(DatasetSpec spec, Path file, int[] labels, int[] rowNumbers) {
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            if (spec.classes().isPresent() && labels[i] >= spec.classes().getAsInt()) {
                throw SpecFields.bad(spec, "file " + file + ": row " + rowNumbers[i] + " has label " + labels[i]
                        + " outside 0.." + (spec.classes().getAsInt() - 1) + " (classes = "
                        + spec.classes().getAsInt() + ")");
            }
            max = Math.max(max, labels[i]);
        }
        return spec.classes().orElse(max + 1);
    }

    /**
     * The rows to keep, increasing: per_class rows of every class, or n rows uniformly, or all;
     * drawn with the spec's seed. Adds the subsample to the fingerprint.
     */
    static int[] select(DatasetSpec spec, Labels labels, Path file, Fingerprint fp) {
        try {
            if (spec.perClass().isPresent()) {
                int per = spec.perClass().getAsInt();
                if (spec.n().isPresent() && spec.n().getAsInt() != per * labels.k()) {
                    throw new IllegalArgumentException("n = " + spec.n().getAsInt() + " disagrees with per_class = "
                            + per + " times " + labels.k() + " classes");
                }
                fp.with("per_class", per).with("seed", spec.seed());
                return Subsample.classBalanced(labels, per, spec.seed());
            }
            if (spec.n().isPresent()) {
                fp.with("n", spec.n().getAsInt()).with("seed", spec.seed());
                return Subsample.uniform(labels.n(), spec.n().getAsInt(), spec.seed());
            }
        } catch (IllegalArgumentException e) {
            throw SpecFields.bad(spec, "file " + file + ": " + e.getMessage());
        }
        int[] all = new int[labels.n()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The labels of the kept rows, still with all k classes (a class that vanished is refused). */
    static Labels restrict(DatasetSpec spec, Labels labels, int[] rows) {
        int[] kept = new int[rows.length];
        int[] counts = new int[labels.k()];
        for (int i = 0; i < rows.length; i++) {
            kept[i] = labels.label(rows[i]);
            counts[kept[i]]++;
        }
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                throw SpecFields.bad(spec, "the subsample of " + rows.length + " rows has no sample of class " + c
                        + " (use per_class for a class-balanced subsample)");
            }
        }
        return new Labels(kept, labels.k());
    }

    /** 1, 2, ..., n: row numbers of data whose rows are its items (IDX). */
    static int[] itemNumbers(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i + 1;
        }
        return r;
    }
}
