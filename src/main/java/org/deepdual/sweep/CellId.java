package org.deepdual.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;
import org.deepdual.model.Loss;
import org.deepdual.model.Objective;
import org.deepdual.model.Setting;

/**
 * The id of a cell (docs/output.md): the hex SHA-256 of the canonical JSON of the cell's
 * parameters and its data set's fingerprint. Output location, Spark settings and the deepdual
 * version are not part of it, so the same spec gives the same ids everywhere. Canonical means:
 * keys sorted, no whitespace, only the parameters the setting uses ({@code variant} for bn,
 * {@code t} for tc, {@code patterns} for relu2, {@code loss} when it is not squared), and numbers written by
 * {@link BigDecimal} as the fewest significant digits that read back as the same double, so that
 * every JDK writes the same text (unlike {@code Double.toString}, which changed in JDK 19).
 */
public final class CellId {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    });
    /** 17 significant digits identify every double uniquely. */
    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CellId() {
    }

    public static String of(Cell cell) {
        return sha256(canonicalJson(cell));
    }

    /** The canonical JSON the id hashes. */
    public static String canonicalJson(Cell cell) {
        Map<String, String> fields = new TreeMap<>();
        fields.put("beta", number(cell.beta()));
        fields.put("data", string(cell.data()));
        fields.put("data_fingerprint", string(cell.dataFingerprint()));
        fields.put("depth", Integer.toString(cell.depth()));
        fields.put("objective", string(cell.objective().cliName()));
        fields.put("seed", Long.toString(cell.seed()));
        fields.put("setting", string(cell.setting().cliName()));
        fields.put("width", cell.width().isPresent() ? Integer.toString(cell.width().getAsInt()) : "null");
        if (cell.setting() == Setting.BN) {
            fields.put("variant", string(cell.variant().orElseThrow().cliName()));
        }
        if (cell.objective() == Objective.TC) {
            fields.put("t", number(cell.t().orElseThrow()));
        }
        if (cell.setting() == Setting.RELU2) {
            fields.put("patterns", Integer.toString(cell.patterns()));
        }
        if (cell.loss() != Loss.SQUARED) {
            fields.put("loss", string(cell.loss().cliName()));
        }
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(k).append("\":").append(v);
        });
        return sb.append('}').toString();
    }

    /**
     * A number in [0, 1) from the first 53 bits of the id: uniform over cells, used for the
     * deterministic baseline draw {@code unitHash(id) < fraction}.
     */
    public static double unitHash(String id) {
        long bits = Long.parseUnsignedLong(id.substring(0, 16), 16) >>> 11;
        return bits / (double) (1L << 53);
    }

    static String number(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cell parameters are finite, got " + v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal shortest = exact.round(new MathContext(digits));
            if (shortest.doubleValue() == v) {
                return shortest.stripTrailingZeros().toString();
            }
        }
        return exact.round(SEVENTEEN_DIGITS).stripTrailingZeros().toString();
    }

    private static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static String sha256(String text) {
        return hex(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** This thread's SHA-256 (reset before use): hashing a cell's JSON in parts needs the digest itself. */
    static MessageDigest digest() {
        MessageDigest md = SHA256.get();
        md.reset();
        return md;
    }

    static String hex(byte[] digest) {
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }
}
