package org.deepdual.bench.solve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Problem;
import org.deepdual.train.Optimizer;

/**
 * Part 3 of the benchmark: the PyTorch baseline ({@code src/bench/torch_baseline.py}), full batch in
 * float64, Adam or L-BFGS, on the same data, network and objective as the certified solve. The Java
 * side writes {@code x.csv}, {@code y.csv} (every double in its shortest round-trip form, so both sides
 * see the same bits) and {@code problem.json} with the optimum; the script answers with one JSON line.
 * It needs Debian's {@code python3-torch}, which lives in {@code /usr/bin/python3} (not necessarily the
 * {@code python3} first on PATH).
 */
public final class TorchBaseline {
    public static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");
    public static final String DEBIAN_PACKAGE = "python3-torch";
    public static final String SCRIPT = "src/bench/torch_baseline.py";

    /** What one PyTorch run reports; {@code timeToTargetSeconds} is empty when the target was not reached. */
    public record Result(String optimizer, boolean reached, OptionalDouble timeToTargetSeconds, double finalObjective,
            double bestObjective, double relExcess, int iterations, double elapsedSeconds, String stop,
            String torchVersion, int threads) {
    }

    /** The run's parameters besides data and problem. */
    public record Settings(int width, double optimum, double relTarget, double budgetSeconds, long seed, int threads) {
    }

    private TorchBaseline() {
    }

    /** Empty when {@code python} imports torch; otherwise why not, naming the Debian package. */
    public static Optional<String> unavailable(Path python) {
        if (!Files.isExecutable(python)) {
            return Optional.of(python + " not found (apt-get install -y " + DEBIAN_PACKAGE + ")");
        }
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import torch, numpy").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of(python + " -c 'import torch' timed out");
            }
            if (p.exitValue() != 0) {
                String last = out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1);
                return Optional.of(python + " cannot import torch (apt-get install -y " + DEBIAN_PACKAGE + "): " + last);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing " + python);
        }
    }

    /** Locates the script: {@code deepdual.home} (the launcher sets it), the test's project dir, then the cwd. */
    public static Path script() {
        for (String prop : List.of("deepdual.home", "deepdual.project.dir")) {
            String home = System.getProperty(prop);
            if (home != null && Files.isRegularFile(Path.of(home, SCRIPT))) {
                return Path.of(home, SCRIPT);
            }
        }
        return Path.of(SCRIPT).toAbsolutePath();
    }

    /** Writes X, Y and the problem into {@code dir} and runs one optimizer. */
    public static Result run(Path python, Path script, Path dir, Dataset data, Problem problem, Optimizer optimizer,
            Settings s) {
        if (optimizer != Optimizer.ADAM && optimizer != Optimizer.LBFGS) {
            throw new IllegalArgumentException("optimizer must be adam or lbfgs, got " + optimizer);
        }
        writeData(dir, data);
        writeProblem(dir.resolve("problem.json"), problem, optimizer, s);
        List<String> cmd = List.of(python.toString(), script.toString(), "--dir", dir.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("torch-" + optimizer.cliName() + ".stderr")
                    .toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long wait = (long) (s.budgetSeconds() + 300);
            if (!p.waitFor(wait, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("torch baseline did not finish within " + wait + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("torch baseline exited with " + p.exitValue() + ": " + lastLine(out)
                        + " (stderr in " + dir.resolve("torch-" + optimizer.cliName() + ".stderr") + ")");
            }
            return parse(lastLine(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the torch baseline", e);
        }
    }

    /** Parses the script's JSON line. */
    public static Result parse(String json) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("torch baseline output is not JSON: " + json, e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("torch baseline output is not a JSON object: " + json);
        }
        if (n.has("error")) {
            throw new IllegalStateException("torch baseline: " + n.get("error").asText());
        }
        for (String key : List.of("optimizer", "reached", "final_objective", "best_objective", "rel_excess",
                "iterations", "elapsed_s", "stop")) {
            if (!n.has(key)) {
                throw new IllegalArgumentException("torch baseline output lacks '" + key + "': " + json);
            }
        }
        JsonNode ttt = n.get("time_to_target_s");
        return new Result(n.get("optimizer").asText(), n.get("reached").asBoolean(),
                ttt == null || ttt.isNull() ? OptionalDouble.empty() : OptionalDouble.of(ttt.asDouble()),
                n.get("final_objective").asDouble(), n.get("best_objective").asDouble(), n.get("rel_excess").asDouble(),
                n.get("iterations").asInt(), n.get("elapsed_s").asDouble(), n.get("stop").asText(),
                n.path("torch").asText("unknown"), n.path("threads").asInt(0));
    }

    /** x.csv and y.csv of the data set, one sample per line. */
    public static void writeData(Path dir, Dataset data) {
        writeMatrix(dir.resolve("x.csv"), data.x());
        writeMatrix(dir.resolve("y.csv"), data.y());
    }

    /** A matrix as CSV: one row per line, doubles in Java's shortest round-trip form. */
    public static void writeMatrix(Path file, Matrix m) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int i = 0; i < m.rows(); i++) {
                    for (int j = 0; j < m.cols(); j++) {
                        if (j > 0) {
                            w.write(',');
                        }
                        w.write(Double.toString(m.get(i, j)));
                    }
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void writeProblem(Path file, Problem problem, Optimizer optimizer, Settings s) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("setting", problem.setting().cliName());
        if (problem.variant().isPresent()) {
            o.put("variant", problem.variant().get().cliName());
        } else {
            o.putNull("variant");
        }
        o.put("objective", problem.objective().cliName());
        o.put("beta", problem.beta());
        o.put("depth", problem.depth());
        if (problem.t().isPresent()) {
            o.put("t", problem.t().getAsDouble());
        } else {
            o.putNull("t");
        }
        o.put("width", s.width());
        o.put("optimum", s.optimum());
        o.put("rel_target", s.relTarget());
        o.put("budget_s", s.budgetSeconds());
        o.put("seed", s.seed());
        o.put("optimizer", optimizer.cliName());
        o.put("threads", s.threads());
        o.put("adam_lr", 0.01);
        o.put("lbfgs_history", 50);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, o.toPrettyString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String lastLine(String out) {
        List<String> lines = new ArrayList<>(out.lines().filter(l -> !l.isBlank()).toList());
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
