package org.deepdual.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.deepdual.data.DatasetSpec;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Loss;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.train.Optimizer;
import org.deepdual.train.Relu2Seed;

/**
 * Turns the YAML shape into a {@link SweepSpec}, checking each value where it was written: ranges
 * (β ≥ 0 finite, 2 ≤ L ≤ 1000, t > 0 for {@code tc}), non-empty grids, unique data set names, known
 * references, and whether a setting accepts a data set as far as the spec alone tells
 * ({@link SettingAcceptance}). One message per problem: file, key path, value.
 */
final class SpecValidator {
    /** The baseline optimizers by spec name, from the enum (in its order: gd, adam, lbfgs) so they cannot drift. */
    private static final List<String> OPTIMIZERS = Arrays.stream(Optimizer.values()).map(Optimizer::cliName).toList();
    private static final Set<String> SPLITS = Set.of("train", "test");

    private final String source;
    private final String text;

    SpecValidator(String source, String text) {
        this.source = source;
        this.text = text;
    }

    SweepSpec validate(SpecDocument doc) {
        String name = requiredText(doc.name(), "name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw fail("name", "a spec name uses letters, digits, '.', '_' and '-' only", "\"" + name + "\"");
        }
        String output = requiredText(doc.output(), "output");
        List<DatasetSpec> data = dataSets(doc.data());
        Map<String, DatasetSpec> byName = new LinkedHashMap<>();
        data.forEach(d -> byName.put(d.name(), d));
        Optional<List<Double>> topBeta = BetaGrid.parse(doc.beta(), "beta", this);
        List<Double> topT = doc.t() == null ? List.of() : doc.t();
        List<OptionalInt> topWidth = widths(doc.width(), "width").orElse(List.of(OptionalInt.empty()));
        List<Long> topSeeds = seeds(doc.seeds(), "seeds").orElse(List.of(0L));
        int patterns = doc.patterns() == null ? Problem.DEFAULT_PATTERNS : atLeast(doc.patterns(), 1, "patterns");
        if (doc.settings() == null) {
            throw fail("settings", "required key missing", "(nothing)");
        }
        if (doc.settings().isEmpty()) {
            throw fail("settings", "the list of settings is empty", "[]");
        }
        List<SettingGrid> settings = new ArrayList<>();
        for (int i = 0; i < doc.settings().size(); i++) {
            SpecDocument.SettingDocument s = doc.settings().get(i);
            if (s == null) {
                throw fail("settings[" + i + "]", "expected a mapping", "null");
            }
            settings.add(setting(i, s, byName, topBeta, topT, topWidth, topSeeds, patterns));
        }
        int timeout = doc.cellTimeoutS() == null ? SweepSpec.DEFAULT_CELL_TIMEOUT_S
                : atLeast(doc.cellTimeoutS(), 1, "cell_timeout_s");
        long maxCells = doc.maxCells() == null ? SweepSpec.DEFAULT_MAX_CELLS : doc.maxCells();
        if (maxCells < 1) {
            throw fail("max_cells", "must be >= 1", String.valueOf(maxCells));
        }
        return new SweepSpec(name, output, data, settings, baseline(doc.baseline()),
                doc.saveWeights() != null && doc.saveWeights(), timeout, maxCells, drift(doc.drift()),
                sparkConf(doc.spark()), source, text, relu2Seed(doc.relu2Seed()));
    }

    // ---------------------------------------------------------------- data sets

    private List<DatasetSpec> dataSets(List<SpecDocument.DataDocument> docs) {
        if (docs == null) {
            throw fail("data", "required key missing", "(nothing)");
        }
        if (docs.isEmpty()) {
            throw fail("data", "the list of data sets is empty", "[]");
        }
        Map<String, Integer> seen = new HashMap<>();
        List<DatasetSpec> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            SpecDocument.DataDocument d = docs.get(i);
            String p = "data[" + i + "]";
            if (d == null) {
                throw fail(p, "expected a mapping", "null");
            }
            String name = requiredText(d.name(), p + ".name");
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                throw fail(p + ".name", "duplicate data set name (also data[" + first + "].name)", "\"" + name + "\"");
            }
            out.add(dataSet(d, name, p));
        }
        return out;
    }

    private DatasetSpec dataSet(SpecDocument.DataDocument d, String name, String p) {
        String generator = requiredText(d.generator(), p + ".generator");
        if (!DatasetSpec.GENERATORS.contains(generator)) {
            throw fail(p + ".generator", "must be one of " + new java.util.TreeSet<>(DatasetSpec.GENERATORS),
                    "\"" + generator + "\"");
        }
        boolean file = DatasetSpec.FILES.contains(generator);
        if (file && d.path() == null) {
            throw fail(p + ".path", "required for generator " + generator, "(nothing)");
        }
        if (!file && d.n() == null) {
            throw fail(p + ".n", "required for generator " + generator, "(nothing)");
        }
        if (!file && d.d() == null && !generator.equals("one-d")) {
            throw fail(p + ".d", "required for generator " + generator, "(nothing)");
        }
        if (d.split() != null && !DatasetSpec.SPLITS.contains(d.split())) {
            throw fail(p + ".split", "must be train or test", "\"" + d.split() + "\"");
        }
        if (d.targets() != null && !DatasetSpec.TARGETS.contains(d.targets())) {
            throw fail(p + ".targets", "must be one of " + new java.util.TreeSet<>(DatasetSpec.TARGETS),
                    "\"" + d.targets() + "\"");
        }
        DatasetSpec.Builder b = DatasetSpec.builder(name, generator);
        positive(d.n(), p + ".n").ifPresent(b::n);
        positive(d.d(), p + ".d").ifPresent(b::d);
        positive(d.outputs(), p + ".outputs").ifPresent(b::outputs);
        positive(d.classes(), p + ".classes").ifPresent(b::classes);
        positive(d.perClass(), p + ".per_class").ifPresent(b::perClass);
        if (d.targets() != null) {
            b.targets(d.targets());
        }
        if (d.seed() != null) {
            b.seed(d.seed());
        }
        if (d.path() != null) {
            b.path(d.path());
        }
        if (d.split() != null) {
            b.split(d.split());
        }
        if (d.noise() != null) {
            b.noise(nonNegative(d.noise(), p + ".noise"));
        }
        if (d.separation() != null) {
            b.separation(nonNegative(d.separation(), p + ".separation"));
        }
        if (d.classSizes() != null) {
            for (int j = 0; j < d.classSizes().size(); j++) {
                Integer c = d.classSizes().get(j);
                if (c == null) {
                    throw fail(p + ".class_sizes[" + j + "]", "expected an integer", "null");
                }
                atLeast(c, 1, p + ".class_sizes[" + j + "]");
            }
            b.classSizes(List.copyOf(d.classSizes()));
        }
        if (d.labelColumn() != null) {
            b.labelColumn(d.labelColumn());
        }
        if (d.header() != null) {
            b.header(d.header());
        }
        tableColumns(d, generator, p, b);
        b.whiten(bool(d.whiten())).center(bool(d.center())).biasColumn(bool(d.biasColumn()))
                .sorted(bool(d.sorted())).scale(bool(d.scale()));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + p + ": " + e.getMessage(), e);
        }
    }

    /** features, label, target of the table generators: names, exactly one of label and target. */
    private void tableColumns(SpecDocument.DataDocument d, String generator, String p, DatasetSpec.Builder b) {
        boolean table = DatasetSpec.TABLES.contains(generator);
        if (!table) {
            String key = d.features() != null ? "features" : d.label() != null ? "label"
                    : d.target() != null ? "target" : null;
            if (key != null) {
                throw fail(p + "." + key, "applies to the table generators " + new java.util.TreeSet<>(DatasetSpec.TABLES)
                        + " only, not " + generator, String.valueOf(key.equals("features") ? d.features()
                        : key.equals("label") ? "\"" + d.label() + "\"" : d.target()));
            }
            return;
        }
        List<String> features = d.features();
        if (features == null && generator.equals("libsvm")) {
            features = List.of("features");
        }
        if (features == null || features.isEmpty()) {
            throw fail(p + ".features", "required for generator " + generator
                    + " (a vector column, or a list of numeric columns)", features == null ? "(nothing)" : "[]");
        }
        for (int j = 0; j < features.size(); j++) {
            requiredText(features.get(j), p + ".features[" + j + "]");
        }
        if ((d.label() == null) == (d.target() == null)) {
            throw fail(p + (d.label() == null ? ".label" : ".target"), "give exactly one of label (a column of"
                    + " class labels) and target (regression columns) for generator " + generator,
                    d.label() == null ? "(nothing)" : "\"" + d.label() + "\" and target " + d.target());
        }
        if (d.label() != null) {
            b.label(requiredText(d.label(), p + ".label"));
        } else {
            if (d.target().isEmpty()) {
                throw fail(p + ".target", "names no column", "[]");
            }
            for (int j = 0; j < d.target().size(); j++) {
                requiredText(d.target().get(j), p + ".target[" + j + "]");
            }
            b.target(List.copyOf(d.target()));
        }
        b.features(List.copyOf(features));
    }

    private double nonNegative(double v, String path) {
        if (!Double.isFinite(v) || v < 0) {
            throw fail(path, "must be a finite number >= 0", String.valueOf(v));
        }
        return v;
    }

    private OptionalInt positive(Integer v, String path) {
        if (v == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(atLeast(v, 1, path));
    }

    private static boolean bool(Boolean b) {
        return b != null && b;
    }

    // ---------------------------------------------------------------- settings

    private SettingGrid setting(int i, SpecDocument.SettingDocument s, Map<String, DatasetSpec> data,
            Optional<List<Double>> topBeta, List<Double> topT, List<OptionalInt> topWidth, List<Long> topSeeds,
            int topPatterns) {
        String p = "settings[" + i + "]";
        String name = requiredText(s.name(), p + ".name");
        Setting setting;
        try {
            setting = Setting.fromCliName(name);
        } catch (IllegalArgumentException e) {
            throw fail(p + ".name", e.getMessage().replaceFirst("^unknown setting '[^']*'; ", "unknown setting; "),
                    "\"" + name + "\"");
        }
        List<Optional<BnVariant>> variants = variants(s.variant(), setting, p);
        List<String> names = dataNames(s.data(), data, p);
        List<Integer> depths = depths(s.depth(), setting, p);
        List<Objective> objectives = objectives(s.objective(), setting, p);
        String betaPath = s.beta() != null && !s.beta().isNull() ? p + ".beta" : "beta";
        List<Double> betas = BetaGrid.parse(s.beta(), p + ".beta", this).or(() -> topBeta).orElseThrow(
                () -> fail("beta", "required key missing (no top-level beta and " + p + " has none)", "(nothing)"));
        List<Double> ts = ts(s.t(), topT, objectives, p);
        List<OptionalInt> widths = widths(s.width(), p + ".width").orElse(topWidth);
        List<Long> seeds = seeds(s.seeds(), p + ".seeds").orElse(topSeeds);
        int patterns = s.patterns() == null ? topPatterns : atLeast(s.patterns(), 1, p + ".patterns");
        if (betas.isEmpty()) {
            throw fail(betaPath, "the beta grid is empty", "[]");
        }
        Loss loss = loss(s.loss(), setting, betas, p, betaPath);
        for (int j = 0; j < names.size() && loss.classification(); j++) {
            String targets = data.get(names.get(j)).targets();
            if (loss == Loss.CROSS_ENTROPY && !"onehot".equals(targets)
                    && !("linear".equals(targets) && "mixture".equals(data.get(names.get(j)).generator()))) {
                throw fail(p + ".data[" + j + "]", "loss cross-entropy needs one-hot targets: give the data set"
                        + " targets: onehot (or generator: mixture), got targets " + targets, "\"" + names.get(j)
                        + "\"");
            }
            if (loss != Loss.CROSS_ENTROPY && !"signed".equals(targets)) {
                throw fail(p + ".data[" + j + "]", "loss " + loss + " needs labels ±1: give the data set targets: signed,"
                        + " got targets " + targets, "\"" + names.get(j) + "\"");
            }
        }
        for (Optional<BnVariant> variant : variants) {
            for (int depth : depths) {
                for (Objective objective : objectives) {
                    for (double beta : betas) {
                        String refusal = Problem.lossCellRefusal(setting, variant, loss, objective, depth, beta);
                        if (!refusal.isEmpty()) {
                            throw fail(p + ".loss", refusal, "\"" + loss + "\"");
                        }
                    }
                }
            }
        }
        for (int j = 0; j < names.size(); j++) {
            Optional<String> refusal = SettingAcceptance.refusal(setting, data.get(names.get(j)));
            if (refusal.isPresent()) {
                throw fail(p + ".data[" + j + "]", refusal.get(), "\"" + names.get(j) + "\"");
            }
        }
        return new SettingGrid(i, setting, variants, names, depths, objectives, betas, ts, widths, seeds, patterns,
                loss);
    }

    /** The entry's loss (docs/theory.md §14): refused where the setting's dual does not extend, and with β = 0. */
    private Loss loss(String raw, Setting setting, List<Double> betas, String p, String betaPath) {
        if (raw == null) {
            return Loss.SQUARED;
        }
        Loss loss;
        try {
            loss = Loss.fromCliName(raw);
        } catch (IllegalArgumentException e) {
            throw fail(p + ".loss", e.getMessage().replaceFirst("^unknown loss '[^']*'; ", "unknown loss; "),
                    "\"" + raw + "\"");
        }
        if (!setting.supports(loss)) {
            throw fail(p + ".loss", "not available for setting " + setting + ": " + setting.lossRefusal(loss),
                    "\"" + raw + "\"");
        }
        if (loss.requiresPositiveBeta() && betas.contains(0.0)) {
            throw fail(betaPath, "beta = 0 with loss " + loss + " (its optimum is not attained)", "0");
        }
        return loss;
    }

    private List<Optional<BnVariant>> variants(List<String> raw, Setting setting, String p) {
        if (setting != Setting.BN) {
            if (raw != null) {
                throw fail(p + ".variant", "variant applies to setting bn only, not " + setting, show(raw));
            }
            return List.of(Optional.empty());
        }
        if (raw == null) {
            return List.of(Optional.of(BnVariant.RELU));
        }
        nonEmpty(raw, p + ".variant");
        List<Optional<BnVariant>> out = new ArrayList<>();
        for (int j = 0; j < raw.size(); j++) {
            String v = raw.get(j);
            try {
                out.add(Optional.of(BnVariant.fromCliName(String.valueOf(v))));
            } catch (IllegalArgumentException e) {
                throw fail(p + ".variant[" + j + "]", "must be relu or linear", quote(v));
            }
        }
        return distinct(out, p + ".variant");
    }

    private List<String> dataNames(List<String> raw, Map<String, DatasetSpec> data, String p) {
        if (raw == null) {
            throw fail(p + ".data", "required key missing", "(nothing)");
        }
        nonEmpty(raw, p + ".data");
        for (int j = 0; j < raw.size(); j++) {
            if (raw.get(j) == null || !data.containsKey(raw.get(j))) {
                throw fail(p + ".data[" + j + "]", "unknown data set; defined: " + String.join(", ", data.keySet()),
                        quote(raw.get(j)));
            }
        }
        return distinct(raw, p + ".data");
    }

    private List<Integer> depths(List<Integer> raw, Setting setting, String p) {
        if (raw == null) {
            if (setting.twoLayerOnly()) {
                return List.of(2);
            }
            throw fail(p + ".depth", "required key missing", "(nothing)");
        }
        nonEmpty(raw, p + ".depth");
        for (int j = 0; j < raw.size(); j++) {
            Integer l = raw.get(j);
            String q = p + ".depth[" + j + "]";
            if (l == null) {
                throw fail(q, "expected an integer", "null");
            }
            if (l < 2 || l > Problem.MAX_DEPTH) {
                throw fail(q, "depth L must be in 2.." + Problem.MAX_DEPTH, String.valueOf(l));
            }
            if (setting.twoLayerOnly() && l != 2) {
                throw fail(q, "setting " + setting + " accepts depth 2 only", String.valueOf(l));
            }
            Optional<String> refusal = SettingAcceptance.depthRefusal(setting, l);
            if (refusal.isPresent()) {
                throw fail(q, refusal.get(), String.valueOf(l));
            }
        }
        return distinct(raw, p + ".depth");
    }

    private List<Objective> objectives(List<String> raw, Setting setting, String p) {
        if (raw == null) {
            return List.of(Objective.WD);
        }
        nonEmpty(raw, p + ".objective");
        List<Objective> out = new ArrayList<>();
        for (int j = 0; j < raw.size(); j++) {
            try {
                out.add(Objective.fromCliName(String.valueOf(raw.get(j))));
            } catch (IllegalArgumentException e) {
                throw fail(p + ".objective[" + j + "]", "must be wd or tc", quote(raw.get(j)));
            }
            Optional<String> refusal = SettingAcceptance.objectiveRefusal(setting, out.get(out.size() - 1));
            if (refusal.isPresent()) {
                throw fail(p + ".objective[" + j + "]", refusal.get(), quote(raw.get(j)));
            }
        }
        return distinct(out, p + ".objective");
    }

    private List<Double> ts(List<Double> own, List<Double> top, List<Objective> objectives, String p) {
        List<Double> ts = own != null ? own : top;
        String tPath = own != null ? p + ".t" : "t";
        if (!objectives.contains(Objective.TC)) {
            return List.of();
        }
        if (ts.isEmpty()) {
            int j = objectives.indexOf(Objective.TC);
            throw fail(p + ".objective[" + j + "]", "objective tc needs t values (top-level t: or " + p + ".t:)",
                    "\"tc\"");
        }
        for (int j = 0; j < ts.size(); j++) {
            Double t = ts.get(j);
            if (t == null || !Double.isFinite(t) || t <= 0) {
                throw fail(tPath + "[" + j + "]", "t must be a finite number > 0 (it bounds ‖W_l‖_F in tc cells)",
                        String.valueOf(t));
            }
        }
        return distinct(ts, tPath);
    }

    private Optional<List<OptionalInt>> widths(List<Integer> raw, String p) {
        if (raw == null) {
            return Optional.empty();
        }
        nonEmpty(raw, p);
        List<OptionalInt> out = new ArrayList<>();
        for (int j = 0; j < raw.size(); j++) {
            Integer w = raw.get(j);
            if (w == null) {
                throw fail(p + "[" + j + "]", "expected an integer", "null");
            }
            out.add(OptionalInt.of(atLeast(w, 1, p + "[" + j + "]")));
        }
        return Optional.of(distinct(out, p));
    }

    private Optional<List<Long>> seeds(List<Long> raw, String p) {
        if (raw == null) {
            return Optional.empty();
        }
        nonEmpty(raw, p);
        for (int j = 0; j < raw.size(); j++) {
            if (raw.get(j) == null) {
                throw fail(p + "[" + j + "]", "expected an integer", "null");
            }
        }
        return Optional.of(distinct(raw, p));
    }

    // ---------------------------------------------------------------- the rest

    private Optional<BaselinePlan> baseline(SpecDocument.BaselineDocument b) {
        if (b == null) {
            return Optional.empty();
        }
        String optimizer = requiredText(b.optimizer(), "baseline.optimizer");
        if (!OPTIMIZERS.contains(optimizer)) {
            throw fail("baseline.optimizer", "must be one of " + String.join(", ", OPTIMIZERS),
                    "\"" + optimizer + "\"");
        }
        if (b.fraction() == null) {
            throw fail("baseline.fraction", "required key missing", "(nothing)");
        }
        double fraction = b.fraction();
        if (!(fraction >= 0 && fraction <= 1)) {
            throw fail("baseline.fraction", "must be in [0, 1]", String.valueOf(fraction));
        }
        int iters = b.iters() == null ? 1000 : atLeast(b.iters(), 1, "baseline.iters");
        double seconds = b.seconds() == null ? 0 : b.seconds();
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw fail("baseline.seconds", "must be a finite number >= 0", String.valueOf(seconds));
        }
        int every = b.recordEvery() == null ? Math.max(1, iters / 100) : atLeast(b.recordEvery(), 1,
                "baseline.record_every");
        double relTol = b.relTol() == null ? 1e-12 : b.relTol();
        if (!Double.isFinite(relTol) || relTol < 0) {
            throw fail("baseline.rel_tol", "must be a finite number >= 0", String.valueOf(relTol));
        }
        return Optional.of(new BaselinePlan(optimizer, fraction, iters, seconds, every, relTol));
    }

    private Relu2Seed relu2Seed(String raw) {
        if (raw == null) {
            return Relu2Seed.DEFAULT;
        }
        try {
            return Relu2Seed.fromCliName(raw);
        } catch (IllegalArgumentException e) {
            throw fail("relu2_seed", "must be lbfgs or none", "\"" + raw + "\"");
        }
    }

    private Optional<DriftTolerance> drift(SpecDocument.DriftDocument d) {
        if (d == null) {
            return Optional.empty();
        }
        if (d.relTol() == null) {
            throw fail("drift.rel_tol", "required key missing", "(nothing)");
        }
        if (!Double.isFinite(d.relTol()) || d.relTol() <= 0) {
            throw fail("drift.rel_tol", "must be a finite number > 0", String.valueOf(d.relTol()));
        }
        int failOver = d.failOver() == null ? 0 : atLeast(d.failOver(), 0, "drift.fail_over");
        return Optional.of(new DriftTolerance(d.relTol(), failOver));
    }

    private Map<String, String> sparkConf(Map<String, JsonNode> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : raw.entrySet()) {
            JsonNode v = e.getValue();
            if (v == null || v.isNull() || v.isContainerNode()) {
                throw fail("spark." + e.getKey(), "Spark settings are scalars", SpecReader.show(v));
            }
            if (!e.getKey().startsWith("spark.")) {
                throw fail("spark." + e.getKey(), "Spark setting names start with 'spark.'",
                        "\"" + e.getKey() + "\"");
            }
            if (CREDENTIAL.matcher(e.getKey()).find()) {
                // a spec is copied into the output and its provenance: a secret in it would be published
                throw fail("spark." + e.getKey(), "credentials never go in a spec: give them through the environment"
                        + " (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), --conf or spark-defaults.conf",
                        "(value not shown)");
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }

    /** Setting names that hold secrets: S3A, ABFS and GCS keys, tokens and passwords. */
    private static final java.util.regex.Pattern CREDENTIAL = java.util.regex.Pattern.compile(
            "(secret|password|session\\.token|access\\.key|account\\.key|private\\.key)",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    // ---------------------------------------------------------------- helpers

    private String requiredText(String v, String path) {
        if (v == null) {
            throw fail(path, "required key missing", "(nothing)");
        }
        if (v.isBlank()) {
            throw fail(path, "must not be empty", "\"" + v + "\"");
        }
        return v;
    }

    int atLeast(int v, int min, String path) {
        if (v < min) {
            throw fail(path, "must be >= " + min, String.valueOf(v));
        }
        return v;
    }

    private void nonEmpty(List<?> raw, String path) {
        if (raw.isEmpty()) {
            throw fail(path, "the list is empty", "[]");
        }
    }

    private <T> List<T> distinct(List<T> values, String path) {
        Set<T> seen = new HashSet<>();
        for (int j = 0; j < values.size(); j++) {
            if (!seen.add(values.get(j))) {
                throw fail(path + "[" + j + "]", "listed twice", String.valueOf(values.get(j)));
            }
        }
        return List.copyOf(values);
    }

    private static String quote(Object v) {
        return v == null ? "null" : "\"" + v + "\"";
    }

    private static String show(List<String> raw) {
        return raw.size() == 1 ? quote(raw.get(0)) : raw.toString();
    }

    /** The one message shape: "FILE: KEY.PATH: what is wrong, got VALUE". */
    IllegalArgumentException fail(String path, String what, String value) {
        return new IllegalArgumentException(source + ": " + path + ": " + what
                + ("(nothing)".equals(value) ? "" : ", got " + value));
    }

    String text() {
        return text;
    }
}
