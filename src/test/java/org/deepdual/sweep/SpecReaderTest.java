package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Objective;
import org.deepdual.model.Setting;
import org.deepdual.train.Relu2Seed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec validation (docs/spec.md): each bad input is one message naming file, key path and value. */
class SpecReaderTest {
    static final String FILE = "jobs/test.yaml";

    /** A valid spec; the cases below change one line of it. */
    static final String VALID = String.join("\n",
            "name: unit",
            "output: results/unit",
            "data:",
            "  - name: gauss",
            "    generator: gaussian",
            "    n: 20",
            "    d: 5",
            "    seed: 1",
            "  - name: white",
            "    generator: gaussian",
            "    n: 6",
            "    d: 10",
            "    whiten: true",
            "settings:",
            "  - name: linear",
            "    data: [gauss]",
            "    depth: [2, 3]",
            "    objective: [wd, tc]",
            "  - name: relu-whitened",
            "    data: [white]",
            "    depth: [3]",
            "    beta: [0.5, 1.0]",
            "  - name: bn",
            "    variant: [relu, linear]",
            "    data: [gauss]",
            "    depth: [3]",
            "    seeds: [5]",
            "beta: {logspace: [1.0e-2, 1.0e+1], count: 4}",
            "t: [0.5, 1.0]",
            "width: 16",
            "seeds: [0, 1]",
            "cell_timeout_s: 30",
            "spark: {spark.sql.shuffle.partitions: \"8\"}",
            "");

    static SweepSpec parse(String text) {
        return SpecReader.parse(text, FILE);
    }

    static String replace(String from, String to) {
        assertTrue(VALID.contains(from), "test setup: the valid spec contains " + from);
        return VALID.replace(from, to);
    }

    @Test
    void validSpecBindsEveryKey() {
        SweepSpec s = parse(VALID);
        assertEquals("unit", s.name());
        assertEquals(2, s.data().size());
        assertEquals(OptionalInt.of(20), s.data().get(0).n());
        assertTrue(s.data().get(1).whiten());
        SettingGrid linear = s.settings().get(0);
        assertEquals(Setting.LINEAR, linear.setting());
        assertEquals(List.of(2, 3), linear.depths());
        assertEquals(List.of(Objective.WD, Objective.TC), linear.objectives());
        assertEquals(List.of(0.5, 1.0), linear.ts());
        assertEquals(List.of(OptionalInt.of(16)), linear.widths());
        assertEquals(List.of(0L, 1L), linear.seeds());
        // logspace bounds are beta values: 0.01 .. 10 in 4 equal ratios of 10
        List<Double> b = linear.betas();
        assertEquals(4, b.size());
        assertEquals(0.01, b.get(0));
        assertEquals(10.0, b.get(3));
        assertEquals(0.1, b.get(1), 1e-15);
        assertEquals(1.0, b.get(2), 1e-14);
        assertEquals(List.of(0.5, 1.0), s.settings().get(1).betas());
        assertEquals(List.of(), s.settings().get(1).ts(), "t is used by tc cells only");
        assertEquals(List.of(5L), s.settings().get(2).seeds());
        assertEquals(2, s.settings().get(2).variants().size());
        assertEquals(BnVariant.LINEAR, s.settings().get(2).variants().get(1).orElseThrow());
        assertEquals(30, s.cellTimeoutSeconds());
        assertEquals(Map.of("spark.sql.shuffle.partitions", "8"), s.spark());
        // linear: 1 data × (wd + tc·2 t) × 1 width × 2 depths × 2 seeds × 4 betas = 48
        // relu-whitened: 1 × 1 × 1 × 1 × 2 seeds × 2 betas = 4; bn: 2 variants × 1 × 1 × 1 × 1 seed × 4 = 8
        assertEquals(60, s.cellCount());
        assertEquals(Relu2Seed.LBFGS, s.relu2Seed(), "relu2 is seeded by L-BFGS unless the spec says otherwise");
    }

    @Test
    void relu2SeedNoneIsBound() {
        assertEquals(Relu2Seed.NONE, parse(replace("width: 16", "width: 16\nrelu2_seed: none")).relu2Seed());
        assertEquals(Relu2Seed.LBFGS, parse(replace("width: 16", "width: 16\nrelu2_seed: lbfgs")).relu2Seed());
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of("a loss whose dual does not extend to the setting",
                        replace("    beta: [0.5, 1.0]", "    beta: [0.5, 1.0]\n    loss: logistic"), "settings[1].loss",
                        "not available for setting relu-whitened"),
                Arguments.of("a linear weight-decay cell at L >= 3 with a classification loss",
                        replace("    depth: [2, 3]", "    depth: [2, 3]\n    loss: logistic").replace("    seed: 1",
                                "    seed: 1\n    targets: signed"), "settings[0].loss",
                        "objective wd needs depth 2"),
                Arguments.of("cross-entropy on targets that are not one-hot",
                        replace("    depth: [2, 3]", "    depth: [2]\n    loss: cross-entropy"), "settings[0].data[0]",
                        "needs one-hot targets"),
                Arguments.of("an unknown loss", replace("    depth: [2, 3]", "    depth: [2, 3]\n    loss: l2"),
                        "settings[0].loss", "unknown loss"),
                Arguments.of("unknown top-level key", replace("width: 16", "widht: 16"), "widht", "unknown key"),
                Arguments.of("unknown key in a setting", replace("    depth: [2, 3]", "    depth: [2, 3]\n    dpth: 1"),
                        "settings[0].dpth", "unknown key 'dpth'"),
                Arguments.of("unknown key in a data set", replace("    seed: 1", "    seed: 1\n    colour: red"),
                        "data[0].colour", "unknown key"),
                Arguments.of("missing name", replace("name: unit\n", ""), "name", "required key missing"),
                Arguments.of("missing output", replace("output: results/unit\n", ""), "output", "required"),
                Arguments.of("missing data of a setting", replace("    data: [white]\n", ""), "settings[1].data",
                        "required key missing"),
                Arguments.of("missing generator", replace("    generator: gaussian\n    n: 20", "    n: 20"),
                        "data[0].generator", "required key missing"),
                Arguments.of("missing beta everywhere",
                        replace("beta: {logspace: [1.0e-2, 1.0e+1], count: 4}\n", ""), "beta", "required key missing"),
                Arguments.of("wrong type in depth", replace("depth: [2, 3]", "depth: [2, \"x\"]"),
                        "settings[0].depth[1]", "expected an integer, got \"x\""),
                Arguments.of("fractional depth", replace("depth: [2, 3]", "depth: [2, 3.5]"),
                        "settings[0].depth[1]", "expected an integer, got 3.5"),
                Arguments.of("quoted number", replace("cell_timeout_s: 30", "cell_timeout_s: \"30\""),
                        "cell_timeout_s", "expected an integer, got \"30\""),
                Arguments.of("list where a mapping belongs", VALID.replaceAll("(?sm)^settings:\n.*?(?=^beta:)", "settings: 3\n"),
                        "settings", "expected a list, got 3"),
                Arguments.of("number as a name", replace("  - name: gauss", "  - name: 12"), "data[0].name",
                        "expected a string, got 12"),
                Arguments.of("beta < 0", replace("    beta: [0.5, 1.0]", "    beta: [0.5, -1.0]"),
                        "settings[1].beta[1]", "got -1.0"),
                Arguments.of("beta NaN", replace("    beta: [0.5, 1.0]", "    beta: [.nan, 1.0]"),
                        "settings[1].beta[0]", "got NaN"),
                Arguments.of("beta infinite", replace("    beta: [0.5, 1.0]", "    beta: [0.5, .inf]"),
                        "settings[1].beta[1]", "got Infinity"),
                Arguments.of("logspace bound 0", replace("[1.0e-2, 1.0e+1]", "[0, 1.0e+1]"), "beta.logspace[0]",
                        "must be > 0"),
                Arguments.of("logspace count 0", replace("count: 4", "count: 0"), "beta.count", "empty"),
                Arguments.of("L < 2", replace("depth: [2, 3]", "depth: [1, 3]"), "settings[0].depth[0]", "got 1"),
                Arguments.of("L > 1000", replace("depth: [2, 3]", "depth: [2, 1001]"), "settings[0].depth[1]",
                        "got 1001"),
                Arguments.of("t <= 0 with tc", replace("t: [0.5, 1.0]", "t: [0.5, 0]"), "t[1]", "got 0.0"),
                Arguments.of("t NaN with tc", replace("t: [0.5, 1.0]", "t: [.nan]"), "t[0]", "got NaN"),
                Arguments.of("tc without t", replace("t: [0.5, 1.0]\n", ""), "settings[0].objective[1]",
                        "objective tc needs t"),
                Arguments.of("empty depth grid", replace("depth: [2, 3]", "depth: []"), "settings[0].depth",
                        "empty"),
                Arguments.of("empty beta grid", replace("    beta: [0.5, 1.0]", "    beta: []"), "settings[1].beta",
                        "empty"),
                Arguments.of("empty seeds", replace("seeds: [0, 1]", "seeds: []"), "seeds", "empty"),
                Arguments.of("empty settings", VALID.replaceAll("(?sm)^settings:\n.*?(?=^beta:)", "settings: []\n"),
                        "settings", "empty"),
                Arguments.of("duplicate data set name", replace("  - name: white", "  - name: gauss"),
                        "data[1].name", "duplicate data set name (also data[0].name), got \"gauss\""),
                Arguments.of("unknown data set", replace("    data: [white]", "    data: [whit]"),
                        "settings[1].data[0]", "unknown data set"),
                Arguments.of("unknown setting", replace("  - name: linear", "  - name: lineer"),
                        "settings[0].name", "got \"lineer\""),
                Arguments.of("relu-whitened on n > d without whitening",
                        replace("    data: [white]", "    data: [gauss]"), "settings[1].data[0]",
                        "relu-whitened needs whitened data"),
                Arguments.of("relu-whitened on n > d with whitening",
                        replace("    d: 10\n    whiten: true", "    d: 4\n    whiten: true"), "settings[1].data[0]",
                        "n = 6 > d = 4"),
                Arguments.of("relu2 with depth 3",
                        replace("  - name: relu-whitened\n    data: [white]", "  - name: relu2\n    data: [white]"),
                        "settings[1].depth[0]", "accepts depth 2 only, got 3"),
                Arguments.of("relu-1d with depth 3",
                        replace("  - name: relu-whitened\n    data: [white]", "  - name: relu-1d\n    data: [white]"),
                        "settings[1]", "got"),
                Arguments.of("relu-1d-deep with depth 2", replace("  - name: linear", "  - name: relu-1d-deep"),
                        "settings[0].depth[0]", "needs depth L >= 3 (depth 2 is setting relu-1d), got 2"),
                Arguments.of("relu-1d-deep with tc", replace("  - name: linear", "  - name: relu-1d-deep")
                        .replace("depth: [2, 3]", "depth: [3]"), "settings[0].objective[1]", "(objective wd) only, got"),
                Arguments.of("relu-1d-deep on 5-D data", replace("  - name: linear", "  - name: relu-1d-deep")
                        .replace("depth: [2, 3]", "depth: [3]").replace("objective: [wd, tc]", "objective: [wd]"),
                        "settings[0].data[0]", "relu-1d-deep needs 1-D data"),
                Arguments.of("variant on a setting other than bn",
                        replace("    depth: [2, 3]", "    depth: [2, 3]\n    variant: relu"), "settings[0].variant",
                        "bn only"),
                Arguments.of("bad bn variant", replace("variant: [relu, linear]", "variant: [relu, tanh]"),
                        "settings[2].variant[1]", "got \"tanh\""),
                Arguments.of("width 0", replace("width: 16", "width: 0"), "width[0]", "must be >= 1, got 0"),
                Arguments.of("depth listed twice", replace("depth: [2, 3]", "depth: [2, 2]"), "settings[0].depth[1]",
                        "listed twice"),
                Arguments.of("unknown baseline optimizer",
                        replace("width: 16", "width: 16\nbaseline: {optimizer: sgd, fraction: 0.5}"),
                        "baseline.optimizer", "must be one of gd, adam, lbfgs, got \"sgd\""),
                Arguments.of("bad baseline fraction",
                        replace("width: 16", "width: 16\nbaseline: {optimizer: lbfgs, fraction: 1.5}"),
                        "baseline.fraction", "got 1.5"),
                Arguments.of("spark value not a scalar", replace("{spark.sql.shuffle.partitions: \"8\"}",
                        "{spark.sql.shuffle.partitions: [8]}"), "spark.spark.sql.shuffle.partitions", "scalars"),
                Arguments.of("a credential in the spec", replace("{spark.sql.shuffle.partitions: \"8\"}",
                        "{spark.hadoop.fs.s3a.secret.key: \"wJalrXUtnFEMI\"}"), "spark.spark.hadoop.fs.s3a.secret.key",
                        "credentials never go in a spec"),
                Arguments.of("duplicate key", replace("width: 16", "width: 16\nwidth: 8"), "line", "duplicate key"),
                Arguments.of("bad relu2 seed", replace("width: 16", "width: 16\nrelu2_seed: adam"), "relu2_seed",
                        "must be lbfgs or none, got \"adam\""),
                Arguments.of("relu2 seed not a string", replace("width: 16", "width: 16\nrelu2_seed: 3"),
                        "relu2_seed", "got 3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gd", "adam", "lbfgs"})
    void everyBaselineOptimizerIsAccepted(String optimizer) {
        String baseline = "baseline: {optimizer: " + optimizer + ", fraction: 0.5}";
        SweepSpec s = parse(replace("width: 16", "width: 16\n" + baseline));
        assertEquals(optimizer, s.baseline().orElseThrow().optimizer());
    }

    static final String ONE_D_LABELS = String.join("\n", "name: labels", "output: results/labels", "data:",
            "  - name: line", "    generator: one-d", "    n: 12", "    targets: signed", "    seed: 2",
            "  - name: line-real", "    generator: one-d", "    n: 12", "    seed: 2", "settings:",
            "  - name: relu-1d", "    data: [line]", "    depth: [2]", "    loss: hinge",
            "beta: [0.0, 0.5]", "");

    @Test
    void aSettingEntryTakesALossAndItsCellsCarryIt() {
        SweepSpec s = parse(ONE_D_LABELS);
        assertEquals(org.deepdual.model.Loss.HINGE, s.settings().get(0).loss());
        SweepGrid grid = SweepGrid.expand(s, Map.of("line", "fp"));
        assertTrue(grid.groups().stream().flatMap(g -> g.cells().stream())
                .allMatch(c -> c.problem().loss() == org.deepdual.model.Loss.HINGE));
    }

    @Test
    void aLossIsRefusedOnRealTargetsAndLogisticAtBetaZero() {
        IllegalArgumentException targets = assertThrows(IllegalArgumentException.class,
                () -> parse(ONE_D_LABELS.replace("data: [line]", "data: [line-real]")));
        assertTrue(targets.getMessage().contains("settings[0].data[0]") && targets.getMessage().contains("targets: signed"),
                targets.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> parse(ONE_D_LABELS.replace("loss: hinge", "loss: logistic")));
        assertTrue(zero.getMessage().contains("beta = 0 with loss logistic"), zero.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void badSpecIsRefusedWithOneMessageNamingFilePathAndValue(String what, String text, String path,
            String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text), what);
        String m = e.getMessage();
        assertTrue(m.startsWith(FILE + ": "), "names the file: " + m);
        assertTrue(m.contains(path), "names the key path " + path + ": " + m);
        assertTrue(m.contains(fragment), "says '" + fragment + "': " + m);
        assertEquals(1, m.lines().count(), "one line: " + m);
    }

    @Test
    void aCredentialInTheSpecIsRefusedWithoutShowingIt() {
        for (String key : List.of("spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key",
                "spark.hadoop.fs.s3a.session.token", "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(replace(
                    "{spark.sql.shuffle.partitions: \"8\"}", "{" + key + ": \"wJalrXUtnFEMI\"}")), key);
            assertTrue(e.getMessage().contains(key), e.getMessage());
            assertFalse(e.getMessage().contains("wJalrXUtnFEMI"), "the value is not echoed: " + e.getMessage());
        }
        String provider = "spark.hadoop.fs.s3a.aws.credentials.provider";
        assertEquals("com.example.Provider", parse(replace("{spark.sql.shuffle.partitions: \"8\"}",
                "{" + provider + ": \"com.example.Provider\"}")).spark().get(provider), "naming a provider is no secret");
    }

    @Test
    void gridLargerThanMaxCellsNeedsForce() {
        SweepSpec s = parse(replace("cell_timeout_s: 30", "cell_timeout_s: 30\nmax_cells: 59"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.checkSize(false));
        assertTrue(e.getMessage().contains(FILE + ": max_cells: the grid has 60 cells, more than max_cells = 59"),
                e.getMessage());
        s.checkSize(true);
        parse(replace("cell_timeout_s: 30", "cell_timeout_s: 30\nmax_cells: 60")).checkSize(false);
    }

    @Test
    void defaultMaxCellsIsTenMillion() {
        SweepSpec s = parse(replace("count: 4", "count: 1000000"));
        assertEquals(10_000_000L, s.maxCells());
        // linear 3·2·2·10^6 + relu-whitened (own betas) 2·2 + bn 2·10^6
        assertEquals(14_000_004L, s.cellCount());
        assertThrows(IllegalArgumentException.class, () -> s.checkSize(false));
    }

    @Test
    void settingEntriesOverrideTopLevelGrids() {
        SweepSpec s = parse(replace("    seeds: [5]", "    seeds: [5]\n    width: [4, 8]\n    t: 2.0\n"
                + "    objective: [tc]\n    beta: 0.25"));
        SettingGrid bn = s.settings().get(2);
        assertEquals(List.of(OptionalInt.of(4), OptionalInt.of(8)), bn.widths());
        assertEquals(List.of(2.0), bn.ts());
        assertEquals(List.of(0.25), bn.betas());
    }
}
