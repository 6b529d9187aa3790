package org.deepdual.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryCsvTest {

    @Test
    void writesAHeaderAndOneRowPerPointThatReadBack(@TempDir Path dir) throws Exception {
        TrajectoryPoint a = new TrajectoryPoint(0, 1_500_000, 2.5, new double[] {1, 2, 3}, new double[] {0.5, 1, 2},
                new double[] {4, 4, 2.25}, new double[] {0.1, Double.NaN}, OptionalDouble.of(0.3),
                OptionalDouble.of(Double.NaN), OptionalDouble.of(1e-17));
        TrajectoryPoint b = new TrajectoryPoint(10, 3_000_000, 1.0 / 3, new double[] {1, 1, 1}, new double[] {1, 1, 1},
                new double[] {1, 1, 1}, new double[] {1, 1}, OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty());
        Path file = dir.resolve("t.csv");
        TrajectoryCsv.write(List.of(a, b), file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("iteration,elapsed_ms,objective,fro_1,fro_2,fro_3,op_1,op_2,op_3,stable_rank_1,stable_rank_2,"
                + "stable_rank_3,align_top1_1,align_top1_2,nc1,nc2_etf_dev,nc3_centered", lines.get(0));
        String[] first = lines.get(1).split(",", -1);
        String[] second = lines.get(2).split(",", -1);
        assertEquals(17, first.length);
        assertEquals(17, second.length);
        assertEquals("0", first[0]);
        assertEquals(1.5, Double.parseDouble(first[1]));
        assertEquals(2.5, Double.parseDouble(first[2]));
        assertEquals(2.25, Double.parseDouble(first[11]));
        assertTrue(Double.isNaN(Double.parseDouble(first[13])));
        assertEquals(1e-17, Double.parseDouble(first[16]));
        assertEquals(1.0 / 3, Double.parseDouble(second[2]), "shortest round-trip form");
        assertEquals("", second[14]);
        assertEquals("", second[16]);
    }

    @Test
    void refusesEmptyOrMixedTrajectories(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> TrajectoryCsv.write(List.of(), dir.resolve("e.csv")));
        TrajectoryPoint two = new TrajectoryPoint(0, 0, 1, new double[2], new double[2], new double[2], new double[1],
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        TrajectoryPoint three = new TrajectoryPoint(1, 0, 1, new double[3], new double[3], new double[3],
                new double[2], OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrajectoryCsv.write(List.of(two, three), dir.resolve("m.csv")));
        assertTrue(e.getMessage().contains("depths 2 and 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrajectoryPoint(0, 0, 1, new double[3],
                new double[3], new double[3], new double[3], OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty()));
        assertTrue(e.getMessage().contains("alignTop1"), e.getMessage());
    }
}
