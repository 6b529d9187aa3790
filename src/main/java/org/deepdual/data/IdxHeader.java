package org.deepdual.data;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The header of an IDX file (the MNIST format): data type and dimensions. The first dimension
 * counts the items (images or labels); the product of the others is the number of values per item.
 *
 * @param file the file it was read from
 * @param dataType the type byte (0x08 is unsigned byte, the only type deepdual reads)
 * @param dims the dimensions, big-endian 32-bit integers in the file
 */
public record IdxHeader(Path file, int dataType, int[] dims) {

    public IdxHeader {
        dims = dims.clone();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Number of items: the first dimension. */
    public int count() {
        return dims[0];
    }

    /** Values per item: the product of the remaining dimensions (784 for 28×28 images, 1 for labels). */
    public long valuesPerItem() {
        long v = 1;
        for (int i = 1; i < dims.length; i++) {
            v *= dims[i];
        }
        return v;
    }

    /** Bytes after the header: 4 magic bytes and 4 per dimension. */
    int headerBytes() {
        return 4 + 4 * dims.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxHeader h && h.file.equals(file) && h.dataType == dataType && Arrays.equals(h.dims, dims);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * file.hashCode() + dataType) + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return "IdxHeader[" + file + ", type 0x" + Integer.toHexString(dataType) + ", dims " + Arrays.toString(dims)
                + "]";
    }
}
