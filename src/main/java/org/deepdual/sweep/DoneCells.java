package org.deepdual.sweep;

import java.util.Iterator;

/**
 * The set of cell ids already present in {@code cells/}, kept as the first 128 bits of each
 * SHA-256 id in an open-addressing table (16 bytes per cell instead of a string), so that the
 * driver's memory stays proportional to the cell list.
 */
final class DoneCells {
    private long[] table = new long[32];
    private int size;
    private boolean hasZero;

    static DoneCells of(Iterator<String> ids) {
        DoneCells d = new DoneCells();
        while (ids.hasNext()) {
            d.add(ids.next());
        }
        return d;
    }

    void add(String id) {
        long hi = Long.parseUnsignedLong(id.substring(0, 16), 16);
        long lo = Long.parseUnsignedLong(id.substring(16, 32), 16);
        if (hi == 0 && lo == 0) {
            if (!hasZero) {
                hasZero = true;
                size++;
            }
            return;
        }
        if (2 * (size + 1) > table.length / 2) {
            grow();
        }
        if (insert(table, hi, lo)) {
            size++;
        }
    }

    boolean contains(String id) {
        long hi = Long.parseUnsignedLong(id.substring(0, 16), 16);
        long lo = Long.parseUnsignedLong(id.substring(16, 32), 16);
        if (hi == 0 && lo == 0) {
            return hasZero;
        }
        int slots = table.length / 2;
        for (int i = slot(hi, lo, slots);; i = (i + 1) % slots) {
            long h = table[2 * i];
            long l = table[2 * i + 1];
            if (h == 0 && l == 0) {
                return false;
            }
            if (h == hi && l == lo) {
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private static int slot(long hi, long lo, int slots) {
        return (int) Long.remainderUnsigned(hi ^ (lo * 0x9E3779B97F4A7C15L), slots);
    }

    private static boolean insert(long[] t, long hi, long lo) {
        int slots = t.length / 2;
        for (int i = slot(hi, lo, slots);; i = (i + 1) % slots) {
            long h = t[2 * i];
            long l = t[2 * i + 1];
            if (h == 0 && l == 0) {
                t[2 * i] = hi;
                t[2 * i + 1] = lo;
                return true;
            }
            if (h == hi && l == lo) {
                return false;
            }
        }
    }

    private void grow() {
        long[] bigger = new long[table.length * 2];
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != 0 || table[i + 1] != 0) {
                insert(bigger, table[i], table[i + 1]);
            }
        }
        table = bigger;
    }
}
