package org.deepdual.sweep;

import java.util.Arrays;
import java.util.Iterator;

/**
 * The set of cell ids already present in {@code cells/}, kept as the first 128 bits of each SHA-256 id in
 * two sorted {@code long[]} (16 bytes per cell, no object per cell), with a directory on the top bits so that
 * a lookup searches a few dozen neighbours: SHA-256 prefixes are uniform, so the buckets stay even. 10^7 ids
 * take 160 MB, which a 2 GB driver holds beside a 10^7-cell grid; {@link MissingCells} turns them into one bit
 * per cell of the grid, after which this set can go. With each id it keeps, when given, the id of the cell's β
 * path ({@code group_id}, docs/output.md), so that only the paths that hold a present cell need their cells'
 * ids worked out.
 */
final class DoneCells {
    private long[] hi;
    private long[] lo;
    private int size;
    private boolean sorted = true;
    /** Index of the first id of each bucket (the top {@code bits} of hi), with size at the end. */
    private int[] start = new int[3];
    private int bits = 1;
    /** The paths of the ids added with theirs; null until one is. */
    private DoneCells paths;
    /** Whether an id came without its path: then any path may hold a present cell. */
    private boolean pathUnknown;
    private long lastPathHi;
    private long lastPathLo;

    DoneCells() {
        this(16);
    }

    /** An empty set with room for {@code expected} ids (what cells/ holds, when known) before growing. */
    DoneCells(long expected) {
        int n = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, expected));
        hi = new long[n];
        lo = new long[n];
    }

    static DoneCells of(Iterator<String> ids) {
        return of(ids, 16);
    }

    static DoneCells of(Iterator<String> ids, long expected) {
        DoneCells d = new DoneCells(expected);
        while (ids.hasNext()) {
            d.add(ids.next());
        }
        d.seal();
        return d;
    }

    void add(String id) {
        pathUnknown = true;
        add(high(id), low(id));
    }

    /** Adds a cell id with the id of its β path ({@code group_id}; null when not known). */
    void add(String id, String groupId) {
        add(high(id), low(id));
        if (groupId == null) {
            pathUnknown = true;
        } else {
            long h = high(groupId);
            long l = low(groupId);
            if (paths == null) {
                paths = new DoneCells();
            } else if (h == lastPathHi && l == lastPathLo) {
                return;   // a path's cells are written together: most repeats are the previous row's
            }
            paths.add(h, l);
            lastPathHi = h;
            lastPathLo = l;
        }
    }

    /**
     * Whether the path with id {@code groupId} may hold a present cell: a cell's path id is a function of the
     * cell's parameters (docs/output.md), so a path that no present cell names holds none.
     */
    boolean mayHoldPath(String groupId) {
        if (size() == 0) {
            return false;
        }
        return pathUnknown || paths == null || paths.contains(groupId);
    }

    private void add(long h, long l) {
        if (size == hi.length) {
            // 1.5x: the copy is the peak, and a resume's ids arrive with their count (no growth at all)
            int n = (int) Math.min(Integer.MAX_VALUE - 8, hi.length + (hi.length >> 1) + 16L);
            hi = Arrays.copyOf(hi, n);
            lo = Arrays.copyOf(lo, n);
        }
        hi[size] = h;
        lo[size] = l;
        size++;
        sorted = false;
    }

    boolean contains(String id) {
        return contains(high(id), low(id));
    }

    boolean contains(long h, long l) {
        seal();
        int b = bucket(h);
        int a = start[b];
        int z = start[b + 1] - 1;
        while (a <= z) {
            int m = (a + z) >>> 1;
            int c = compare(hi[m], lo[m], h, l);
            if (c < 0) {
                a = m + 1;
            } else if (c > 0) {
                z = m - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Distinct ids. */
    int size() {
        seal();
        return size;
    }

    static long high(String id) {
        return Long.parseUnsignedLong(id, 0, 16, 16);
    }

    static long low(String id) {
        return Long.parseUnsignedLong(id, 16, 32, 16);
    }

    /** Sorts, drops repeated ids and indexes the buckets; later adds sort again at the next lookup. */
    private void seal() {
        if (sorted) {
            return;
        }
        sort(0, size - 1);
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (n == 0 || hi[i] != hi[n - 1] || lo[i] != lo[n - 1]) {
                hi[n] = hi[i];
                lo[n] = lo[i];
                n++;
            }
        }
        size = n;
        // two to four ids per bucket, at most 2^22 buckets (16 MB)
        bits = Math.max(1, Math.min(22, 62 - Long.numberOfLeadingZeros(Math.max(1, size))));
        start = new int[(1 << bits) + 1];
        for (int i = 0; i < size; i++) {
            start[bucket(hi[i]) + 1]++;
        }
        for (int b = 0; b < 1 << bits; b++) {
            start[b + 1] += start[b];
        }
        sorted = true;
    }

    private int bucket(long h) {
        return (int) (h >>> (64 - bits));
    }

    /** Unsigned order of (hi, lo), so that the buckets (top bits of hi) are contiguous. */
    private static int compare(long h1, long l1, long h2, long l2) {
        int c = Long.compareUnsigned(h1, h2);
        return c != 0 ? c : Long.compareUnsigned(l1, l2);
    }

    /** Quicksort of the pairs in place: no second copy of 10^7 ids. Random keys, so no bad pivots. */
    private void sort(int from, int to) {
        while (to - from > 16) {
            int m = (from + to) >>> 1;
            long ph = hi[m];
            long pl = lo[m];
            int i = from;
            int j = to;
            while (i <= j) {
                while (compare(hi[i], lo[i], ph, pl) < 0) {
                    i++;
                }
                while (compare(hi[j], lo[j], ph, pl) > 0) {
                    j--;
                }
                if (i <= j) {
                    swap(i++, j--);
                }
            }
            // recurse into the smaller side, loop on the larger: the stack stays O(log n)
            if (j - from < to - i) {
                sort(from, j);
                from = i;
            } else {
                sort(i, to);
                to = j;
            }
        }
        for (int i = from + 1; i <= to; i++) {
            for (int k = i; k > from && compare(hi[k - 1], lo[k - 1], hi[k], lo[k]) > 0; k--) {
                swap(k - 1, k);
            }
        }
    }

    private void swap(int a, int b) {
        long t = hi[a];
        hi[a] = hi[b];
        hi[b] = t;
        t = lo[a];
        lo[a] = lo[b];
        lo[b] = t;
    }
}
