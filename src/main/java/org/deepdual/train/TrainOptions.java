package org.deepdual.train;

import java.util.Objects;

/**
 * How the baseline trains: the optimizer, a budget of iterations and seconds (whichever ends
 * first), the seed of the initialisation, one width for every hidden layer (ignored by
 * {@link BaselineTrainer#trainFrom}, which keeps the start's widths), how often the trajectory is
 * recorded (every {@code recordEvery} iterations; 0 records only the first and last point) and the
 * stopping tolerance: training has converged when |F_{k−10} − F_k| ≤ relTol·max(1, |F_{k−10}|), the
 * objective change over the last ten iterations.
 */
public record TrainOptions(Optimizer optimizer, int maxIterations, double maxSeconds, long seed, int width,
        int recordEvery, double relTol) {

    public TrainOptions {
        Objects.requireNonNull(optimizer, "optimizer");
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("maxSeconds must be > 0, got " + maxSeconds);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        if (recordEvery < 0) {
            throw new IllegalArgumentException("recordEvery must be >= 0, got " + recordEvery);
        }
        if (!(relTol >= 0) || !Double.isFinite(relTol)) {
            throw new IllegalArgumentException("relTol must be a finite number >= 0, got " + relTol);
        }
    }

    /** 2000 iterations, 60 s, seed 0, width 16, a trajectory point every 10 iterations, relTol 1e-12. */
    public static TrainOptions defaults(Optimizer optimizer) {
        return new TrainOptions(optimizer, 2000, 60.0, 0L, 16, 10, 1e-12);
    }

    public TrainOptions withMaxIterations(int n) {
        return new TrainOptions(optimizer, n, maxSeconds, seed, width, recordEvery, relTol);
    }

    public TrainOptions withSeed(long s) {
        return new TrainOptions(optimizer, maxIterations, maxSeconds, s, width, recordEvery, relTol);
    }

    public TrainOptions withWidth(int w) {
        return new TrainOptions(optimizer, maxIterations, maxSeconds, seed, w, recordEvery, relTol);
    }

    public TrainOptions withRecordEvery(int k) {
        return new TrainOptions(optimizer, maxIterations, maxSeconds, seed, width, k, relTol);
    }

    public TrainOptions withRelTol(double tol) {
        return new TrainOptions(optimizer, maxIterations, maxSeconds, seed, width, recordEvery, tol);
    }

    public TrainOptions withMaxSeconds(double s) {
        return new TrainOptions(optimizer, maxIterations, s, seed, width, recordEvery, relTol);
    }
}
