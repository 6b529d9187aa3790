package org.deepdual.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The nights of a nightly study under one output root (docs/output.md: {@code OUTPUT/date=YYYY-MM-DD/},
 * each a full sweep layout plus {@code drift.csv}): where a night lives, which earlier night it is compared
 * with, and the comparison itself.
 */
public final class NightlyHistory {
    public static final String PREFIX = "date=";
    public static final String DRIFT_CSV = "drift.csv";

    private final FileSystem fs;
    private final Path root;

    public NightlyHistory(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** The directory of {@code date}'s night. */
    public Path night(LocalDate date) {
        return new Path(root, PREFIX + date);
    }

    /** The most recent night strictly before {@code date} that wrote cells, if any. */
    public Optional<LocalDate> previous(LocalDate date) {
        try {
            LocalDate best = null;
            for (LocalDate d : nights()) {
                if (d.isBefore(date) && hasCells(night(d))) {
                    best = d;
                }
            }
            return Optional.ofNullable(best);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** Every night directory under the root, oldest first, whether or not it wrote cells. */
    public List<LocalDate> nights() {
        try {
            if (!fs.exists(root)) {
                return List.of();
            }
            List<LocalDate> out = new ArrayList<>();
            for (FileStatus st : fs.listStatus(root)) {
                String name = st.getPath().getName();
                if (!st.isDirectory() || !name.startsWith(PREFIX)) {
                    continue;
                }
                try {
                    out.add(LocalDate.parse(name.substring(PREFIX.length())));
                } catch (DateTimeParseException e) {
                    // not a night of ours
                }
            }
            Collections.sort(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The root holding the nights. */
    public Path root() {
        return root;
    }

    public FileSystem fs() {
        return fs;
    }

    /**
     * Compares {@code date}'s cells with the previous night's and writes {@code drift.csv} into
     * {@code date}'s directory (only the header when there is no earlier night).
     */
    public Optional<DriftReport> compare(SparkSession spark, LocalDate date, double relTol) {
        Optional<LocalDate> before = previous(date);
        Optional<DriftReport> report = before.map(prev -> {
            Map<String, CellSnapshot> old = CellSnapshots.read(spark, cells(prev).toString());
            Map<String, CellSnapshot> now = CellSnapshots.read(spark, cells(date).toString());
            return new DriftComparison(relTol).compare(prev.toString(), old, date.toString(), now);
        });
        writeAtomically(fs, new Path(night(date), DRIFT_CSV), report.map(DriftReport::toCsv)
                .orElse(DriftReport.CSV_HEADER + "\n"));
        return report;
    }

    private Path cells(LocalDate date) {
        return new Path(night(date), "cells");
    }

    /** True when the night's cells/ holds at least one file. */
    public boolean hasCells(Path night) throws IOException {
        Path cells = new Path(night, "cells");
        return fs.exists(cells) && fs.getContentSummary(cells).getFileCount() > 0;
    }

    /** Writes {@code text} to {@code target} through a temporary name and a rename. */
    public static void writeAtomically(FileSystem fs, Path target, String text) {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename " + tmp + " -> " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
