package org.deepdual.data;

import static org.deepdual.data.PreprocessingTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** IDX round trip on small files written here, the idx loader, and every IDX error. */
class IdxTest {
    @TempDir
    Path dir;

    /** 12 train images of 3×2 pixels in 3 classes (4 each), 6 test images. */
    private byte[] pixels;
    private byte[] labels;

    @BeforeEach
    void writeSmallMnistLayout() throws IOException {
        Random r = new Random(1);
        pixels = new byte[12 * 6];
        r.nextBytes(pixels);
        pixels[0] = (byte) 255;
        pixels[1] = 0;
        labels = new byte[] {0, 1, 2, 2, 1, 0, 0, 1, 2, 1, 2, 0};
        write(dir.resolve("train-images-idx3-ubyte.gz"), 0x08, new int[] {12, 3, 2}, pixels, true);
        write(dir.resolve("train-labels-idx1-ubyte.gz"), 0x08, new int[] {12}, labels, true);
        write(dir.resolve("t10k-images-idx3-ubyte"), 0x08, new int[] {6, 3, 2}, Arrays.copyOf(pixels, 36), false);
        write(dir.resolve("t10k-labels-idx1-ubyte"), 0x08, new int[] {6}, Arrays.copyOf(labels, 6), false);
    }

    static void write(Path file, int type, int[] dims, byte[] data, boolean gzip) throws IOException {
        IdxFiles.write(file, type, dims, data, gzip);
    }

    @Test
    void imagesAndLabelsRoundTripFromGzipAndPlainFiles() {
        IdxHeader h = IdxReader.header(dir.resolve("train-images-idx3-ubyte.gz"));
        assertArrayEquals(new int[] {12, 3, 2}, h.dims());
        assertEquals(6, h.valuesPerItem());
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        Matrix x = IdxReader.images(dir.resolve("train-images-idx3-ubyte.gz"), all);
        assertEquals("12x6", x.shape());
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals((pixels[i * 6 + j] & 0xff) / 255.0, x.get(i, j), 0.0, "pixel (" + i + "," + j + ")");
            }
        }
        assertEquals(1.0, x.get(0, 0));
        assertEquals(0.0, x.get(0, 1));
        Matrix some = IdxReader.images(dir.resolve("train-images-idx3-ubyte.gz"), new int[] {2, 7, 11});
        assertEquals(x.selectRows(new int[] {2, 7, 11}), some, "selected rows");
        int[] l = IdxReader.labels(dir.resolve("t10k-labels-idx1-ubyte"));
        assertArrayEquals(new int[] {0, 1, 2, 2, 1, 0}, l);
    }

    @Test
    void theIdxLoaderReadsASplitWithOneHotTargets() {
        Dataset train = DatasetFactory.build(DatasetSpec.file("tiny", "idx", dir.toString()));
        assertEquals("12x6", train.x().shape());
        assertEquals("12x3", train.y().shape());
        GeneratorsTest.assertOneHotOf(train.labels().orElseThrow(), train.y());
        assertTrue(train.fingerprint().matches("idx/v1\\{images=sha256:[0-9a-f]{64},labels=sha256:[0-9a-f]{64},"
                + "targets=onehot}"), train.fingerprint());
        Dataset test = DatasetFactory.build(DatasetSpec.builder("tiny", "idx").path(dir.toString()).split("test")
                .build());
        assertEquals("6x6", test.x().shape());
        assertEquals(train.x().rowRange(0, 6), test.x());
        Dataset viaFile = DatasetFactory.build(DatasetSpec.file("tiny", "idx",
                dir.resolve("train-images-idx3-ubyte.gz").toString()));
        assertEquals(train.x(), viaFile.x());
        assertEquals(train.fingerprint(), viaFile.fingerprint());
    }

    @Test
    void perClassSubsampleIsBalancedAndRecorded() {
        DatasetSpec spec = DatasetSpec.builder("tiny", "idx").path(dir.toString()).perClass(2).seed(3).build();
        Dataset d = DatasetFactory.build(spec);
        assertArrayEquals(new int[] {2, 2, 2}, d.labels().orElseThrow().counts());
        assertEquals("6x6", d.x().shape());
        assertTrue(d.fingerprint().contains("per_class=2") && d.fingerprint().contains("seed=3"), d.fingerprint());
        assertEquals(d.x(), DatasetFactory.build(spec).x(), "reproducible");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetFactory.build(spec.toBuilder().perClass(5).build()));
        assertContains(e, "data 'tiny'", "train-labels-idx1-ubyte.gz", "class 0 has only 4 samples",
                "per_class = 5");
    }

    @Test
    void theFingerprintFollowsTheFileContent() throws IOException {
        String before = DatasetFactory.build(DatasetSpec.file("tiny", "idx", dir.toString())).fingerprint();
        pixels[5] ^= 1;
        write(dir.resolve("train-images-idx3-ubyte.gz"), 0x08, new int[] {12, 3, 2}, pixels, true);
        String after = DatasetFactory.build(DatasetSpec.file("tiny", "idx", dir.toString())).fingerprint();
        assertNotEquals(before, after);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nothing-images-idx3-ubyte.gz");
        assertError(() -> IdxReader.header(missing), missing.toString(), "does not exist");
        assertError(() -> DatasetFactory.build(DatasetSpec.file("m", "idx", missing.toString())), "data 'm'",
                missing.toString(), "does not exist");
        assertError(() -> DatasetFactory.build(DatasetSpec.file("m", "idx", dir.resolve("empty").toString())),
                "does not exist");
        Path emptyDir = dir.resolve("emptydir");
        emptyDir.toFile().mkdir();
        assertError(() -> DatasetFactory.build(DatasetSpec.file("m", "idx", emptyDir.toString())), "data 'm'",
                "has no train-images-idx3-ubyte[.gz]");
        assertError(() -> IdxReader.header(FashionMnist.DEFAULT_DIR.resolve("no-such-file")), "dataset-fashion-mnist");
    }

    @Test
    void aFileThatIsNotIdxIsRefused() throws IOException {
        Path text = dir.resolve("text-images-idx3-ubyte");
        Files.writeString(text, "hello, this is not IDX");
        assertError(() -> IdxReader.header(text), text.toString(), "is not an IDX file", "magic bytes 68 65 6c 6c");
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[] {0, 0});
        assertError(() -> IdxReader.header(tiny), "is not an IDX file", "shorter than the 4 magic bytes");
        Path badGzip = dir.resolve("bad.gz");
        Files.write(badGzip, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertError(() -> IdxReader.header(badGzip), badGzip.toString(), "not a valid gzip file");
        Path floats = dir.resolve("floats");
        write(floats, 0x0D, new int[] {1, 1}, new byte[4], false);
        assertError(() -> IdxReader.header(floats), "data type 0x0d is not supported");
        Path labelsAsImages = dir.resolve("train-labels-idx1-ubyte.gz");
        assertError(() -> IdxReader.images(labelsAsImages, new int[] {0}), "is not an IDX image file");
        assertError(() -> IdxReader.labels(dir.resolve("train-images-idx3-ubyte.gz")), "is not an IDX label file");
    }

    @Test
    void truncatedAndEmptyFilesAreRefused() throws IOException {
        Path cut = dir.resolve("cut-images-idx3-ubyte");
        write(cut, 0x08, new int[] {12, 3, 2}, Arrays.copyOf(pixels, 20), false);
        assertError(() -> IdxReader.images(cut, new int[] {0, 5}), cut.toString(), "is truncated", "12 images");
        Path cutHeader = dir.resolve("cut-header");
        Files.write(cutHeader, new byte[] {0, 0, 8, 3, 0, 0});
        assertError(() -> IdxReader.header(cutHeader), "truncated inside the IDX header");
        Path empty = dir.resolve("zero-images-idx3-ubyte");
        write(empty, 0x08, new int[] {0, 3, 2}, new byte[0], false);
        assertError(() -> IdxReader.header(empty), empty.toString(), "0 items", "n must be >= 1");
        Path flat = dir.resolve("flat-images-idx3-ubyte");
        write(flat, 0x08, new int[] {2, 0}, new byte[0], false);
        assertError(() -> IdxReader.images(flat, new int[] {0}), flat.toString(), "d must be >= 1");
    }

    @Test
    void labelsThatDoNotMatchTheImagesOrTheClassesAreRefused() throws IOException {
        write(dir.resolve("t10k-labels-idx1-ubyte"), 0x08, new int[] {5}, Arrays.copyOf(labels, 5), false);
        assertError(() -> DatasetFactory.build(DatasetSpec.builder("t", "idx").path(dir.toString()).split("test")
                .build()), "data 't'", "has 6 images but file", "has 5 labels");
        byte[] bad = labels.clone();
        bad[7] = 5;
        write(dir.resolve("train-labels-idx1-ubyte.gz"), 0x08, new int[] {12}, bad, true);
        assertError(() -> DatasetFactory.build(DatasetSpec.builder("t", "idx").path(dir.toString()).classes(3)
                .build()), "data 't'", "train-labels-idx1-ubyte.gz", "row 8 has label 5 outside 0..2", "classes = 3");
        // without classes, K = 6 and classes 3 and 4 have no sample
        assertError(() -> DatasetFactory.build(DatasetSpec.file("t", "idx", dir.toString())),
                "train-labels-idx1-ubyte.gz", "class 3 of 0..5 has no sample");
        assertError(() -> DatasetFactory.build(DatasetSpec.builder("t", "idx").path(dir.toString()).d(7).build()),
                "d = 7", "6 pixels");
    }

    static void assertError(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertContains(e, parts);
    }
}
