package org.deepdual.train;

import java.util.List;
import java.util.Objects;
import org.deepdual.model.Network;

/**
 * The result of training the baseline: the best network found, its objective (recomputed by
 * {@code ForwardObjective}, so directly comparable with a solver's primal), the iterations taken,
 * the training time in nanoseconds (trajectory recording excluded), whether the stopping rule on
 * the relative objective change was met (false when the budget of iterations or seconds ran out)
 * and the recorded trajectory.
 */
public record TrainingRun(Network network, double objective, int iterations, long timeNanos, boolean converged,
        List<TrajectoryPoint> trajectory) {

    public TrainingRun {
        Objects.requireNonNull(network, "network");
        trajectory = List.copyOf(trajectory);
    }
}
