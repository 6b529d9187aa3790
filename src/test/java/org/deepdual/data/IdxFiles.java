package org.deepdual.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests: magic 00 00 type rank, big-endian dimensions, then the data. */
public final class IdxFiles {
    private IdxFiles() {
    }

    public static void write(Path file, int type, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(0);
            out.writeByte(0);
            out.writeByte(type);
            out.writeByte(dims.length);
            for (int v : dims) {
                out.writeInt(v);
            }
            out.write(data);
        }
        try (OutputStream f = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            f.write(bytes.toByteArray());
        }
    }
}
