package org.deepdual.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The output directory of a sweep and its layout (docs/output.md). The location is a local
 * path (made absolute and normalized) or any Hadoop URI. Small files are written through a
 * temporary name and a rename, so readers never see half a file.
 */
public final class SweepOutput {
    private final Path root;
    private final FileSystem fs;
    private final Configuration conf;

    private SweepOutput(Path root, FileSystem fs, Configuration conf) {
        this.root = root;
        this.fs = fs;
        this.conf = conf;
    }

    /**
     * Resolves {@code location} and checks that it can be a directory: it is not a regular file and
     * no ancestor is one.
     *
     * @throws IllegalArgumentException naming {@code what} (e.g. "jobs/q.yaml: output") and the location
     */
    public static SweepOutput resolve(String location, Configuration conf, String what) {
        Path path;
        try {
            path = normalize(location);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage() + ", got \"" + location + "\"", e);
        }
        try {
            FileSystem fs = path.getFileSystem(conf);
            Path qualified = fs.makeQualified(path);
            for (Path p = qualified; p != null; p = p.getParent()) {
                FileStatus st = status(fs, p);
                if (st != null && !st.isDirectory()) {
                    throw new IllegalArgumentException(what + ": " + (p.equals(qualified) ? "is a regular file, not a "
                            + "directory" : "lies under the regular file " + p) + ", got \"" + location + "\"");
                }
                if (st != null) {
                    break; // an existing directory: its ancestors are directories too
                }
            }
            return new SweepOutput(qualified, fs, conf);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot use \"" + location + "\": " + e.getMessage(), e);
        }
    }

    static Path normalize(String location) {
        if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*:/.*")) {
            URI uri = URI.create(location).normalize();
            // URI.normalize keeps the ".." that climb above the root ("file:/../etc"): refuse them
            if (uri.getPath() != null && java.util.regex.Pattern.compile("(^|/)\\.\\.(/|$)").matcher(uri.getPath()).find()) {
                throw new IllegalArgumentException("the path climbs above the root with '..'");
            }
            return new Path(uri);
        }
        return new Path(java.nio.file.Path.of(location).toAbsolutePath().normalize().toUri());
    }

    private static FileStatus status(FileSystem fs, Path p) throws IOException {
        try {
            return fs.getFileStatus(p);
        } catch (java.io.FileNotFoundException e) {
            return null;
        }
    }

    public Path root() {
        return root;
    }

    public FileSystem fs() {
        return fs;
    }

    public Configuration conf() {
        return conf;
    }

    public Path cells() {
        return new Path(root, "cells");
    }

    public Path trajectories() {
        return new Path(root, "trajectories");
    }

    public Path datasets() {
        return new Path(root, "datasets");
    }

    public Path weights() {
        return new Path(root, "weights");
    }

    public Path summaryByBeta() {
        return new Path(root, "summary/by_beta");
    }

    public Path summaryByPath() {
        return new Path(root, "summary/by_path");
    }

    public Path summaryCsv() {
        return new Path(root, "summary.csv");
    }

    public Path staging() {
        return new Path(root, "_staging");
    }

    public Path lock() {
        return new Path(root, "_lock");
    }

    public Path spec() {
        return new Path(root, "spec.yaml");
    }

    public Path spec(String runId) {
        return new Path(root, "spec-" + runId + ".yaml");
    }

    boolean isLocal() {
        return "file".equals(root.toUri().getScheme());
    }

    boolean exists(Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code text} to {@code target} through a temporary sibling and an atomic replacing rename, or on
     * an object store, where a rename is a copy and a delete but an object appears whole when its upload
     * ends, by one upload.
     */
    void writeAtomically(Path target, String text) {
        if (isObjectStore()) {
            try (FSDataOutputStream out = fs.create(target, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
            return;
        }
        replaceWith(writeTemporary(target, text), target);
    }

    /** S3 (s3a), Google Cloud Storage (gs), Azure (abfs, abfss, wasb, wasbs), Alibaba OSS (oss). */
    boolean isObjectStore() {
        String scheme = root.toUri().getScheme();
        return scheme != null && java.util.Set.of("s3a", "gs", "abfs", "abfss", "wasb", "wasbs", "oss")
                .contains(scheme);
    }

    Path writeTemporary(Path target, String text) {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        if (isLocal()) {
            try {
                Files.createDirectories(local(target.getParent()));
                Files.writeString(local(tmp), text, StandardCharsets.UTF_8);
                return tmp;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tmp, e);
            }
        }
        try (FSDataOutputStream out = fs.create(tmp, false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        return tmp;
    }

    /** Moves {@code source} onto {@code target}, replacing it atomically (local files, HDFS). */
    void replaceWith(Path source, Path target) {
        try {
            if (isLocal()) {
                Files.move(local(source), local(target), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } else {
                FileContext.getFileContext(target.toUri(), conf).rename(source, target, Options.Rename.OVERWRITE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + source + " to " + target, e);
        }
    }

    static java.nio.file.Path local(Path p) {
        return java.nio.file.Path.of(p.toUri());
    }

    String read(Path p) {
        try (var in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    @Override
    public String toString() {
        return isLocal() ? local(root).toString() : root.toString();
    }
}
