package org.deepdual.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
            if (!fs.exists(root)) {
                return Optional.empty();
            }
            LocalDate best = null;
            for (FileStatus st : fs.listStatus(root)) {
                String name = st.getPath().getName();
                if (!st.isDirectory() || !name.startsWith(PREFIX)) {
                    continue;
                }
                LocalDate d;
                try {
                    d = LocalDate.parse(name.substring(PREFIX.length()));
                } catch (DateTimeParseException e) {
                    continue;   // not a night of ours
                }
                if (d.isBefore(date) && (best == null || d.isAfter(best)) && hasCells(st.getPath())) {
                    best = d;
                }
            }
            return Optional.ofNullable(best);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
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
        writeAtomically(new Path(night(date), DRIFT_CSV), report.map(DriftReport::toCsv)
                .orElse(DriftReport.CSV_HEADER + "\n"));
        return report;
    }

    private Path cells(LocalDate date) {
        return new Path(night(date), "cells");
    }

    private boolean hasCells(Path night) throws IOException {
        Path cells = new Path(night, "cells");
        return fs.exists(cells) && fs.getContentSummary(cells).getFileCount() > 0;
    }

    private void writeAtomically(Path target, String text) {
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
