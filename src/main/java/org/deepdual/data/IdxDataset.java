package org.deepdual.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deepdual.linalg.Matrix;

/**
 * Loader {@code idx}: images and labels in IDX files (Fashion-MNIST, MNIST). {@code path} is a
 * directory in the MNIST layout (see {@link FashionMnist}; {@code split} picks train or t10k) or an
 * images file, whose labels file is the same name with {@code images-idx3} replaced by
 * {@code labels-idx1}. Pixels are scaled to [0, 1]; Y is one-hot (or ±1 for two classes with
 * targets "signed"). The fingerprint holds the SHA-256 of both files as stored.
 */
final class IdxDataset {
    private IdxDataset() {
    }

    static Dataset load(DatasetSpec spec) {
        Path path = Path.of(spec.path().orElseThrow());
        String split = spec.split().orElse("train");
        FashionMnist.SplitFiles files = resolve(spec, path, split);
        Path imagesFile = files.images();
        Path labelsFile = files.labels();
        IdxHeader images = IdxReader.header(imagesFile);
        int[] raw = IdxReader.labels(labelsFile);
        if (images.count() != raw.length) {
            throw SpecFields.bad(spec, "file " + imagesFile + " has " + images.count() + " images but file "
                    + labelsFile + " has " + raw.length + " labels");
        }
        if (spec.d().isPresent() && spec.d().getAsInt() != images.valuesPerItem()) {
            throw SpecFields.bad(spec, "d = " + spec.d().getAsInt() + " but the images in " + imagesFile + " have "
                    + images.valuesPerItem() + " pixels");
        }
        int k = LabelledRows.classCount(spec, labelsFile, raw, LabelledRows.itemNumbers(raw.length));
        Labels labels = CsvMatrixReader.labelsNamingFile(labelsFile, raw, k);
        Fingerprint fp = new Fingerprint("idx", 1).with("images", Fingerprint.sha256(imagesFile))
                .with("labels", Fingerprint.sha256(labelsFile));
        int[] rows = LabelledRows.select(spec, labels, labelsFile, fp);
        Matrix x = IdxReader.images(imagesFile, rows);
        Labels kept = LabelledRows.restrict(spec, labels, rows);
        fp.with("targets", spec.targets().equals("signed") ? "signed" : "onehot");
        return new Dataset(spec.name(), x, Targets.forLabels(spec, kept), Optional.of(kept), fp.toString());
    }

    private static FashionMnist.SplitFiles resolve(DatasetSpec spec, Path path, String split) {
        if (Files.isDirectory(path)) {
            return FashionMnist.files(path, split).orElseThrow(() -> SpecFields.bad(spec, "directory " + path
                    + " has no " + (split.equals("test") ? "t10k" : "train") + "-images-idx3-ubyte[.gz] and "
                    + "matching labels file" + FashionMnist.installHint(path)));
        }
        if (!Files.exists(path)) {
            throw SpecFields.bad(spec, "path " + path + " does not exist" + FashionMnist.installHint(path));
        }
        String name = path.getFileName().toString();
        if (!name.contains("images-idx3")) {
            throw SpecFields.bad(spec, "path " + path + " is neither a directory nor an images-idx3 file, so the"
                    + " labels file cannot be found");
        }
        return new FashionMnist.SplitFiles(path, path.resolveSibling(name.replace("images-idx3", "labels-idx1")));
    }
}
