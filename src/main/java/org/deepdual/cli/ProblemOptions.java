package org.deepdual.cli;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Loss;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import picocli.CommandLine.Option;

/** The cell parameters shared by {@code solve} and {@code train} (docs/cli.md). */
final class ProblemOptions {
    @Option(names = "--setting", required = true,
            description = "linear, relu-whitened, relu-rank1, bn, relu2, relu-1d")
    String setting;

    @Option(names = "--variant", description = "bn only: relu (default) or linear")
    String variant;

    @Option(names = "--objective", required = true, description = "wd or tc")
    String objective;

    @Option(names = "--beta", required = true, description = "regularization strength beta >= 0")
    double beta;

    @Option(names = "--depth", required = true, description = "number of layers L >= 2")
    int depth;

    @Option(names = "--t", description = "norm bound t > 0 of the first L-2 layers (objective tc)")
    Double t;

    @Option(names = "--width", description = "width of every hidden layer (default: the smallest the solution needs)")
    Integer width;

    @Option(names = "--seed", defaultValue = "0", description = "seed of random layers and sampled patterns")
    long seed;

    @Option(names = "--patterns", defaultValue = "2000", description = "sampled activation patterns (relu2)")
    int patterns;

    @Option(names = "--loss", defaultValue = "squared",
            description = "squared (default), logistic or hinge (labels +1/-1), cross-entropy (one-hot)")
    String loss;

    Problem toProblem() {
        Loss l = BadInput.named("--loss", () -> Loss.fromCliName(loss));
        Setting s = BadInput.named("--setting", () -> Setting.fromCliName(setting));
        Optional<BnVariant> v = Optional.ofNullable(variant).map(name -> BadInput.named("--variant",
                () -> BnVariant.fromCliName(name)));
        Objective o = BadInput.named("--objective", () -> Objective.fromCliName(objective));
        if (o == Objective.WD && t != null) {
            throw new IllegalArgumentException("--t: applies to objective tc only");
        }
        if (o == Objective.TC && t == null) {
            throw new IllegalArgumentException("--t: required with --objective tc");
        }
        if (!Double.isFinite(beta) || beta < 0) {
            throw new IllegalArgumentException("--beta: must be a finite number >= 0, got " + beta);
        }
        if (depth < 2 || depth > Problem.MAX_DEPTH) {
            throw new IllegalArgumentException("--depth: must be in 2.." + Problem.MAX_DEPTH + ", got " + depth);
        }
        if (t != null && !(t > 0 && Double.isFinite(t))) {
            throw new IllegalArgumentException("--t: must be a finite number > 0, got " + t);
        }
        if (width != null && width < 1) {
            throw new IllegalArgumentException("--width: must be >= 1, got " + width);
        }
        if (patterns < 1) {
            throw new IllegalArgumentException("--patterns: must be >= 1, got " + patterns);
        }
        if (l.requiresPositiveBeta() && beta == 0) {
            throw new IllegalArgumentException("--beta: must be > 0 with --loss " + l
                    + " (at beta = 0 its optimum is not attained)");
        }
        if (!s.supports(l)) {
            throw new IllegalArgumentException("--loss: " + l + " is not available for setting " + s + ": "
                    + s.lossRefusal(l));
        }
        String cell = Problem.lossCellRefusal(s, v, l, o, depth, beta);
        if (!cell.isEmpty()) {
            throw new IllegalArgumentException("--loss: " + cell);
        }
        return BadInput.named("--setting", () -> new Problem(s, v, o, beta, depth,
                t == null ? OptionalDouble.empty() : OptionalDouble.of(t),
                width == null ? OptionalInt.empty() : OptionalInt.of(width), seed, patterns, l));
    }
}
