package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The driver's compact resume state against plain sets of id strings: the sorted 128-bit done set, the ids a
 * path hashes in parts, and the per-path bits of the cells present.
 */
class MissingCellsTest {
    private static final SweepSpec SPEC = SpecReader.parse(SweepKillTest.spec(Path.of("/tmp/unused")), "missing.yaml");
    private static final SweepGrid GRID = SweepGrid.expand(SPEC, DataCatalog.build(SPEC).fingerprints());

    @Test
    void doneSetHoldsExactlyTheIdsAddedWhateverTheirOrderAndRepeats() {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            in.add(CellId.sha256("in " + i));
        }
        List<String> shuffled = new ArrayList<>(in);
        Collections.shuffle(shuffled, new java.util.Random(7));
        shuffled.addAll(in.subList(0, 500));   // a repeated id counts once
        DoneCells done = DoneCells.of(shuffled.iterator());
        assertEquals(20_000, done.size());
        in.forEach(id -> assertTrue(done.contains(id), id));
        for (int i = 0; i < 20_000; i++) {
            assertFalse(done.contains(CellId.sha256("out " + i)));
        }
        // ids sharing their first 64 bits are told apart by the next 64
        String a = "0000000000000001" + "0".repeat(15) + "1" + "f".repeat(32);
        String b = "0000000000000001" + "0".repeat(15) + "2" + "f".repeat(32);
        done.add(a);
        assertTrue(done.contains(a));
        assertFalse(done.contains(b));
        assertEquals(20_001, done.size());
        assertFalse(new DoneCells().contains(a), "an empty set holds nothing");
    }

    @Test
    void pathIdsAreTheCellIdsOfTheCanonicalJson() {
        PathIds ids = new PathIds();
        for (CellGroup g : GRID.groups()) {
            String[] hex = ids.hex(g);
            long[] bits = ids.bits(g);
            for (int i = 0; i < g.size(); i++) {
                String expected = CellId.of(g.cell(i));
                assertEquals(expected, hex[i]);
                assertEquals(DoneCells.high(expected), bits[2 * i]);
                assertEquals(DoneCells.low(expected), bits[2 * i + 1]);
            }
            assertArrayEquals(hex, g.cellIds());
        }
    }

    @Test
    void missingCellsAgreeWithTheSetOfPresentIdsWithAndWithoutPathIds() {
        // every third path whole, every third from the second its odd cells, and ids of no cell of the grid
        Set<String> present = new HashSet<>();
        DoneCells withPaths = new DoneCells();
        DoneCells idsOnly = new DoneCells();
        List<CellGroup> groups = GRID.groups();
        for (int k = 0; k < groups.size(); k++) {
            CellGroup g = groups.get(k);
            String[] ids = g.cellIds();
            for (int i = 0; i < ids.length; i++) {
                if (k % 3 == 0 || k % 3 == 1 && i % 2 == 1) {
                    present.add(ids[i]);
                    withPaths.add(ids[i], g.id());
                    idsOnly.add(ids[i]);
                }
            }
        }
        for (int i = 0; i < 50; i++) {
            withPaths.add(CellId.sha256("foreign cell " + i), CellId.sha256("foreign path " + i % 5));
            idsOnly.add(CellId.sha256("foreign cell " + i));
        }
        long total = 0;
        long expectedSolve = 0;
        for (CellGroup g : groups) {
            total += g.size();
            expectedSolve += java.util.Arrays.stream(g.cellIds()).allMatch(present::contains) ? 0 : g.size();
        }
        assertTrue(present.size() > 0 && present.size() < total, "some cells present, some missing");
        for (DoneCells done : List.of(withPaths, idsOnly)) {
            MissingCells m = MissingCells.of(GRID, done);
            assertEquals(total, m.cellCount());
            assertEquals(total - present.size(), m.missing());
            assertEquals(expectedSolve, m.solveCells());
            for (CellGroup g : groups) {
                String[] ids = g.cellIds();
                int missingHere = 0;
                for (int i = 0; i < ids.length; i++) {
                    assertEquals(present.contains(ids[i]), m.present(g, i), g + " cell " + i);
                    missingHere += present.contains(ids[i]) ? 0 : 1;
                }
                assertEquals(missingHere, m.missingIn(g));
                assertEquals(missingHere == 0, m.complete(g));
            }
        }
        MissingCells none = MissingCells.of(GRID, new DoneCells());
        assertEquals(total, none.missing());
        assertEquals(total, none.solveCells());
        assertFalse(none.present(groups.get(0), 0));
    }
}
