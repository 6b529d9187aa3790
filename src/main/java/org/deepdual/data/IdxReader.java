package org.deepdual.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.deepdual.linalg.Matrix;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed (detected from the
 * gzip magic bytes, not the file name). Only unsigned-byte data (type 0x08) is read: images become
 * rows scaled to [0, 1] by 1/255, labels become integers. Every error is an
 * {@link IllegalArgumentException} naming the file.
 */
public final class IdxReader {
    static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** The header only; a gzip file is inflated just far enough to read it. */
    public static IdxHeader header(Path file) {
        try (DataInputStream in = open(file)) {
            return readHeader(file, in);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** All labels of a one-dimensional IDX file, as integers 0..255. */
    public static int[] labels(Path file) {
        try (DataInputStream in = open(file)) {
            IdxHeader h = readHeader(file, in);
            if (h.dims().length != 1) {
                throw new IllegalArgumentException("file " + file + " is not an IDX label file: it has "
                        + h.dims().length + " dimensions, labels have 1");
            }
            byte[] raw = new byte[h.count()];
            readFully(in, raw, file, "labels", h.count());
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * The images listed in {@code rows} (strictly increasing item indices) as the rows of a matrix,
     * pixel values scaled to [0, 1]. The file is streamed once; unselected images are skipped.
     */
    public static Matrix images(Path file, int[] rows) {
        try (DataInputStream in = open(file)) {
            IdxHeader h = readHeader(file, in);
            if (h.dims().length < 2) {
                throw new IllegalArgumentException("file " + file + " is not an IDX image file: it has "
                        + h.dims().length + " dimension(s), images have at least 2");
            }
            long dLong = h.valuesPerItem();
            if (dLong == 0 || dLong > Integer.MAX_VALUE || (long) rows.length * dLong > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("file " + file + ": " + rows.length + " images of " + dLong
                        + " values do not fit in one matrix (d must be >= 1)");
            }
            int d = (int) dLong;
            int n = rows.length;
            double[] colMajor = new double[n * d];
            byte[] image = new byte[d];
            int next = 0;
            for (int item = 0; item < h.count() && next < n; item++) {
                readFully(in, image, file, "images", h.count());
                if (rows[next] != item) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    colMajor[next + j * n] = (image[j] & 0xff) / 255.0;
                }
                next++;
            }
            if (next < n) {
                throw new IllegalArgumentException("file " + file + ": row index " + rows[next]
                        + " is not an increasing index below the " + h.count() + " images");
            }
            return Matrix.ofColumnMajor(n, d, colMajor);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file " + file + " does not exist" + FashionMnist.installHint(file));
        }
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)
                : raw;
        return new DataInputStream(in);
    }

    private static IdxHeader readHeader(Path file, DataInputStream in) throws IOException {
        int zero0;
        int zero1;
        int type;
        int rank;
        try {
            zero0 = in.readUnsignedByte();
            zero1 = in.readUnsignedByte();
            type = in.readUnsignedByte();
            rank = in.readUnsignedByte();
        } catch (EOFException e) {
            throw new IllegalArgumentException("file " + file + " is not an IDX file: shorter than the 4 magic bytes");
        }
        if (zero0 != 0 || zero1 != 0 || rank == 0) {
            throw new IllegalArgumentException(String.format("file %s is not an IDX file: magic bytes"
                    + " %02x %02x %02x %02x (expected 00 00 <type> <number of dimensions>)", file, zero0, zero1, type,
                    rank));
        }
        if (type != UNSIGNED_BYTE) {
            throw new IllegalArgumentException(String.format("file %s: IDX data type 0x%02x is not supported (only"
                    + " unsigned byte, 0x08)", file, type));
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new IllegalArgumentException("file " + file + " is truncated inside the IDX header (dimension "
                        + i + " of " + rank + ")");
            }
            if (dims[i] < 0) {
                throw new IllegalArgumentException("file " + file + ": IDX dimension " + i + " is negative ("
                        + dims[i] + ")");
            }
        }
        if (dims[0] == 0) {
            throw new IllegalArgumentException("file " + file + ": IDX header says 0 items (n must be >= 1)");
        }
        return new IdxHeader(file, type, dims);
    }

    private static void readFully(DataInputStream in, byte[] buf, Path file, String what, int count)
            throws IOException {
        try {
            in.readFully(buf);
        } catch (EOFException e) {
            throw new IllegalArgumentException("file " + file + " is truncated: the header announces " + count + " "
                    + what + " of " + buf.length + " bytes, the data ends before");
        }
    }

    private static RuntimeException unreadable(Path file, IOException e) {
        if (e instanceof ZipException) {
            return new IllegalArgumentException("file " + file + " is not a valid gzip file: " + e.getMessage(), e);
        }
        return new UncheckedIOException("cannot read " + file, e);
    }
}
