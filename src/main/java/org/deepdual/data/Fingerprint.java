package org.deepdual.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the canonical fingerprint of a data set's origin: {@code source/vN{key=value,...}} with
 * keys sorted and doubles in {@link Double#toString} form (which round-trips exactly), so equal
 * strings mean equal data bit for bit. The version is bumped whenever a generator's algorithm
 * changes. Preprocessing steps are appended by {@link Dataset#derive}.
 */
final class Fingerprint {
    private final String source;
    private final Map<String, String> params = new TreeMap<>();

    Fingerprint(String source, int version) {
        this.source = source + "/v" + version;
    }

    Fingerprint with(String key, Object value) {
        params.put(key, String.valueOf(value));
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source).append('{');
        String sep = "";
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return sb.append('}').toString();
    }

    /** "sha256:" and the hex SHA-256 of the file's bytes as stored (compressed files are not inflated). */
    static String sha256(Path file) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
}
