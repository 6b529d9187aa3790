package org.deepdual.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * The cell ids of β paths, as {@link CellGroup#cellIds()} gives them, at a cost fit for 10^7 cells: a cell's
 * canonical JSON is {@code {"beta":B} + REST} with REST shared by its path, so the digest is fed the three
 * parts' bytes, and the text of each β (a {@link java.math.BigDecimal} search for the shortest digits, the
 * dearest part) is worked out once per distinct β of the grid, not once per cell. Not thread-safe.
 */
final class PathIds {
    private static final byte[] BETA_KEY = "{\"beta\":".getBytes(StandardCharsets.UTF_8);

    private final Map<Long, byte[]> betaText = new HashMap<>();

    /** The first 128 bits of each cell's id in β order, as pairs (high, low): what resume compares. */
    long[] bits(CellGroup g) {
        byte[] rest = rest(g);
        long[] out = new long[2 * g.size()];
        for (int i = 0; i < g.size(); i++) {
            byte[] d = digest(g.beta(i), rest);
            out[2 * i] = word(d, 0);
            out[2 * i + 1] = word(d, 8);
        }
        return out;
    }

    /** The hex ids of the path's cells in β order, equal to {@link CellGroup#cellIds()}. */
    String[] hex(CellGroup g) {
        byte[] rest = rest(g);
        String[] out = new String[g.size()];
        for (int i = 0; i < g.size(); i++) {
            out[i] = CellId.hex(digest(g.beta(i), rest));
        }
        return out;
    }

    private byte[] digest(double beta, byte[] rest) {
        MessageDigest md = CellId.digest();
        md.update(BETA_KEY);
        md.update(betaText.computeIfAbsent(Double.doubleToLongBits(beta),
                b -> CellId.number(beta).getBytes(StandardCharsets.UTF_8)));
        md.update(rest);
        return md.digest();
    }

    /** Everything after the β of the path's canonical JSON ("beta" sorts first), from its first comma. */
    private static byte[] rest(CellGroup g) {
        String json = CellId.canonicalJson(g.cell(0));
        return json.substring(json.indexOf(',')).getBytes(StandardCharsets.UTF_8);
    }

    private static long word(byte[] d, int from) {
        long w = 0;
        for (int i = from; i < from + 8; i++) {
            w = (w << 8) | (d[i] & 0xff);
        }
        return w;
    }
}
