package org.deepdual.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where Fashion-MNIST lives: the Debian package {@value #DEBIAN_PACKAGE} installs the four IDX
 * files (gzip) under {@code /usr/share/datasets/fashion-mnist/}, named as the MNIST distribution
 * names them: {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz} and the same
 * with {@code t10k} for the test split. The same layout works for MNIST itself in another directory.
 */
public final class FashionMnist {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    /** One split as installed: its files and its shape, read from the IDX headers and the labels. */
    public record Split(String split, Path images, Path labels, int n, int d, int k) {
    }

    /** The images file of a split and its labels file. */
    public record SplitFiles(Path images, Path labels) {
    }

    private FashionMnist() {
    }

    /** The images and labels files of a split ("train" or "test") in an MNIST-layout directory. */
    public static Optional<SplitFiles> files(Path dir, String split) {
        String prefix = split.equals("test") ? "t10k" : "train";
        Optional<Path> images = existing(dir, prefix + "-images-idx3-ubyte");
        Optional<Path> labels = existing(dir, prefix + "-labels-idx1-ubyte");
        if (images.isEmpty() || labels.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SplitFiles(images.get(), labels.get()));
    }

    /**
     * The splits installed in {@code dir} with their shapes (n, d from the image header; k from the
     * labels, which are small), without reading any pixel; empty when nothing is installed there.
     */
    public static List<Split> installed(Path dir) {
        List<Split> out = new ArrayList<>();
        for (String split : List.of("train", "test")) {
            Optional<SplitFiles> f = files(dir, split);
            if (f.isEmpty()) {
                continue;
            }
            IdxHeader h = IdxReader.header(f.get().images());
            int k = Arrays.stream(IdxReader.labels(f.get().labels())).max().orElse(-1) + 1;
            out.add(new Split(split, f.get().images(), f.get().labels(), h.count(), (int) h.valuesPerItem(), k));
        }
        return out;
    }

    public static boolean isInstalled() {
        return files(DEFAULT_DIR, "train").isPresent() && files(DEFAULT_DIR, "test").isPresent();
    }

    /** " (install the Debian package …)" for files under the package's directory, else "". */
    static String installHint(Path file) {
        return file.toAbsolutePath().startsWith(DEFAULT_DIR)
                ? " (install the Debian package " + DEBIAN_PACKAGE + ": apt-get install " + DEBIAN_PACKAGE + ")"
                : "";
    }

    private static Optional<Path> existing(Path dir, String base) {
        for (String name : List.of(base + ".gz", base)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
