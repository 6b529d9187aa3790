package org.deepdual.cli;

import java.nio.file.Path;
import org.deepdual.train.Optimizer;
import org.deepdual.train.TrainOptions;
import picocli.CommandLine.Option;

/** The baseline trainer's options, shared by {@code solve --baseline} and {@code train}. */
final class BaselineOptions {
    @Option(names = "--baseline-iters", defaultValue = "2000", description = "iteration budget of the trainer")
    int iterations;

    @Option(names = "--baseline-seed", defaultValue = "0", description = "initialisation seed of the trainer")
    long seed;

    @Option(names = "--baseline-seconds", defaultValue = "600", description = "time budget of the trainer, seconds")
    double seconds;

    @Option(names = "--record-every", description = "trajectory sampling interval (default: budget/200)")
    Integer recordEvery;

    @Option(names = "--trajectory", description = "write the training trajectory as CSV here")
    Path trajectory;

    static Optimizer optimizer(String name) {
        return BadInput.named("--baseline", () -> Optimizer.fromCliName(name));
    }

    TrainOptions options(Optimizer optimizer, int width) {
        if (iterations < 1) {
            throw new IllegalArgumentException("--baseline-iters: must be >= 1, got " + iterations);
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--baseline-seconds: must be > 0, got " + seconds);
        }
        int every = recordEvery != null ? recordEvery : Math.max(1, iterations / 200);
        if (every < 1) {
            throw new IllegalArgumentException("--record-every: must be >= 1, got " + every);
        }
        return new TrainOptions(optimizer, iterations, seconds, seed, width, every, 1e-12);
    }
}
