package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.deepdual.model.Loss;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Cell ids (docs/output.md): deterministic, and a function of the cell's parameters and data only. */
class CellIdTest {
    static final Map<String, String> FP = Map.of("gauss", "gaussian(n=20,d=5,seed=1)", "white",
            "gaussian(n=6,d=10,seed=0)|whiten");

    static List<String> ids(String text) {
        SweepGrid grid = SweepGrid.expand(SpecReader.parse(text, "a.yaml"), FP);
        return grid.groups().stream().flatMap(g -> g.cells().stream()).map(Cell::id).toList();
    }

    @Test
    void sameSpecGivesSameIdsInTheSameOrder() {
        List<String> a = ids(SpecReaderTest.VALID);
        List<String> b = ids(SpecReaderTest.VALID);
        assertEquals(a, b);
        assertEquals(60, a.size());
        assertEquals(60, new HashSet<>(a).size(), "every cell has its own id");
        assertTrue(a.stream().allMatch(id -> id.matches("[0-9a-f]{64}")), "hex SHA-256");
    }

    @Test
    void outputSparkSettingsAndTimeoutDoNotEnterTheId() {
        String other = SpecReaderTest.VALID.replace("output: results/unit", "output: /elsewhere")
                .replace("\"8\"", "\"64\"").replace("cell_timeout_s: 30", "cell_timeout_s: 5");
        assertEquals(new HashSet<>(ids(SpecReaderTest.VALID)), new HashSet<>(ids(other)));
    }

    @Test
    void changingOneBetaChangesOnlyThoseCells() {
        Set<String> a = new HashSet<>(ids(SpecReaderTest.VALID));
        Set<String> b = new HashSet<>(ids(SpecReaderTest.VALID.replace("beta: [0.5, 1.0]", "beta: [0.5, 2.0]")));
        Set<String> common = a.stream().filter(b::contains).collect(Collectors.toSet());
        assertEquals(58, common.size(), "relu-whitened has 2 seeds × 1 changed beta");
    }

    @Test
    void fingerprintEntersTheId() {
        SweepSpec s = SpecReader.parse(SpecReaderTest.VALID, "a.yaml");
        Set<String> a = SweepGrid.expand(s, FP).groups().stream().flatMap(g -> g.cells().stream()).map(Cell::id)
                .collect(Collectors.toSet());
        Set<String> b = SweepGrid.expand(s, Map.of("gauss", "other", "white", FP.get("white"))).groups().stream()
                .flatMap(g -> g.cells().stream()).map(Cell::id).collect(Collectors.toSet());
        assertEquals(4, a.stream().filter(b::contains).count(), "only the cells on 'white' keep their ids");
    }

    @Test
    void canonicalJsonIsSortedAndOmitsUnusedParameters() {
        Cell linear = SweepGrid.expand(SpecReader.parse(SpecReaderTest.VALID, "a.yaml"), FP).groups().stream()
                .filter(g -> g.setting().cliName().equals("linear") && g.objective().cliName().equals("wd"))
                .findFirst().orElseThrow().cell(0);
        String json = CellId.canonicalJson(linear);
        assertEquals(json, json.strip());
        assertFalse(json.contains("\"t\""), json);
        assertFalse(json.contains("variant"), json);
        assertFalse(json.contains("patterns"), json);
        assertTrue(json.startsWith("{\"beta\":0.01,\"data\":\"gauss\","), json);
        assertEquals(CellId.sha256(json), linear.id());
    }

    /**
     * The id of a squared-loss cell is the one it had before the loss parameter existed (this hex is the SHA-256 of
     * the canonical JSON without a loss field, computed outside deepdual); a logistic cell's JSON gains
     * {@code "loss":"logistic"} and so another id.
     */
    @Test
    void squaredLossCellsKeepTheirIdsAndOtherLossesGetTheirOwn() {
        Cell squared = new Cell("gauss", "fp", Setting.RELU_1D, Optional.empty(), Objective.WD, 0.1,
                OptionalDouble.empty(), OptionalInt.empty(), 2, 0L, Problem.DEFAULT_PATTERNS);
        assertEquals("17fbc038b1bf58e5d7688c5b8109509813843d4faaa6b57d8035096605555e45", squared.id());
        Cell logistic = new Cell("gauss", "fp", Setting.RELU_1D, Optional.empty(), Objective.WD, 0.1,
                OptionalDouble.empty(), OptionalInt.empty(), 2, 0L, Problem.DEFAULT_PATTERNS, Loss.LOGISTIC);
        assertEquals("{\"beta\":0.1,\"data\":\"gauss\",\"data_fingerprint\":\"fp\",\"depth\":2,\"loss\":\"logistic\","
                + "\"objective\":\"wd\",\"seed\":0,\"setting\":\"relu-1d\",\"width\":null}", CellId.canonicalJson(logistic));
        assertEquals("2c07d938cdc9d793bfe234ed4c57efcb23fb430361e380149776d992e16bb5e2", logistic.id());
        assertEquals(Loss.LOGISTIC, logistic.problem().loss());
    }

    @Test
    void pathIdsEqualTheIdsOfItsCells() {
        for (CellGroup g : SweepGrid.expand(SpecReader.parse(SpecReaderTest.VALID, "a.yaml"), FP).groups()) {
            assertEquals(g.cells().stream().map(Cell::id).toList(), List.of(g.cellIds()));
        }
    }

    @Test
    void numbersAreWrittenTheSameWayForEqualDoubles() {
        assertEquals("0.1", CellId.number(0.1));
        assertEquals("0", CellId.number(-0.0));
        assertEquals("1E+3", CellId.number(1000.0));
        assertEquals("0.0012589254117941673", CellId.number(0.0012589254117941673));
        assertNotEquals(CellId.number(0.1), CellId.number(Math.nextUp(0.1)), "17 digits keep neighbours apart");
    }

    @Test
    void overlappingSettingEntriesGiveEachCellOnce() {
        String twice = SpecReaderTest.VALID.replace("  - name: relu-whitened",
                "  - name: linear\n    data: [gauss]\n    depth: [3]\n    beta: [0.01, 0.3]\n  - name: relu-whitened");
        List<String> ids = ids(twice);
        assertEquals(ids.size(), new HashSet<>(ids).size());
        assertEquals(60 + 2, ids.size(), "beta 0.3 is new for depth 3, seeds 0 and 1; 0.01 is already there");
    }

    @Test
    void unitHashIsUniformEnoughForTheBaselineDraw() {
        List<String> ids = ids(SpecReaderTest.VALID.replace("count: 4", "count: 200"));
        long below = ids.stream().filter(id -> CellId.unitHash(id) < 0.25).count();
        // 3000 cells, binomial(3000, 0.25): mean 750, sd 24
        assertTrue(Math.abs(below - ids.size() * 0.25) < 5 * Math.sqrt(ids.size() * 0.25 * 0.75),
                below + " of " + ids.size());
        assertTrue(ids.stream().allMatch(id -> CellId.unitHash(id) >= 0 && CellId.unitHash(id) < 1));
    }
}
