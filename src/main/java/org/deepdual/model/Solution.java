package org.deepdual.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.deepdual.linalg.Matrix;

/**
 * The result of one cell's solve (docs/cli.md §Statuses): status, reason, whether a dual value
 * within the setting's gap tolerance certifies the optimum, the primal value (an upper bound under
 * {@code BOUNDS}), the dual value (a proven lower bound, or empty), a searched dual value that is not proven
 * ({@code dualEstimate}: never part of the gap), the optimal t* for {@code wd} (docs/theory.md L3), the
 * explicit optimal network, the dual variable Λ*, the end-to-end map where one exists, the smallest
 * hidden width the solution needs, iterations and wall time.
 */
public record Solution(Problem problem, Status status, Optional<String> reason, boolean certified,
        OptionalDouble primal, OptionalDouble dual, OptionalDouble dualEstimate, OptionalDouble tStar, Optional<Network> network,
        Optional<Matrix> dualVariable, Optional<Matrix> endToEnd, int neededWidth, int iterations, long timeNanos) {

    public Solution {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(primal, "primal");
        Objects.requireNonNull(dual, "dual");
        Objects.requireNonNull(dualEstimate, "dualEstimate");
        Objects.requireNonNull(tStar, "tStar");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(dualVariable, "dualVariable");
        Objects.requireNonNull(endToEnd, "endToEnd");
        if (status == Status.FAILED && reason.isEmpty()) {
            throw new IllegalArgumentException("a FAILED solution needs a reason");
        }
        if (certified && (status != Status.OPTIMAL || dual.isEmpty())) {
            throw new IllegalArgumentException("only an OPTIMAL solution with a dual value can be certified");
        }
    }

    /** A FAILED solution with its reason. */
    public static Solution failed(Problem problem, String reason) {
        return builder(problem).status(Status.FAILED).reason(reason).build();
    }

    /** primal − dual when both are known; a {@link #dualEstimate} never enters it. */
    public OptionalDouble gap() {
        if (primal.isPresent() && dual.isPresent()) {
            return OptionalDouble.of(primal.getAsDouble() - dual.getAsDouble());
        }
        return OptionalDouble.empty();
    }

    /** The same solution with its time set (solvers time themselves through {@link #builder}). */
    public Solution withTimeNanos(long nanos) {
        return toBuilder().timeNanos(nanos).build();
    }

    /** The same solution with the network replaced (e.g. padded to the requested width). */
    public Solution withNetwork(Network n) {
        return toBuilder().network(n).build();
    }

    /** The same solution with {@code reason} as its reason. */
    public Solution withReason(String r) {
        return toBuilder().reason(r).build();
    }

    /** A builder holding every part of this solution, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(problem);
        b.status = status;
        b.reason = reason;
        b.certified = certified;
        b.primal = primal;
        b.dual = dual;
        b.dualEstimate = dualEstimate;
        b.tStar = tStar;
        b.network = network;
        b.dualVariable = dualVariable;
        b.endToEnd = endToEnd;
        b.neededWidth = neededWidth;
        b.iterations = iterations;
        b.timeNanos = timeNanos;
        return b;
    }

    public static Builder builder(Problem problem) {
        return new Builder(problem);
    }

    /** Assembles a {@link Solution}; unset optional parts stay empty. */
    public static final class Builder {
        private final Problem problem;
        private Status status = Status.OPTIMAL;
        private Optional<String> reason = Optional.empty();
        private boolean certified;
        private OptionalDouble primal = OptionalDouble.empty();
        private OptionalDouble dual = OptionalDouble.empty();
        private OptionalDouble dualEstimate = OptionalDouble.empty();
        private OptionalDouble tStar = OptionalDouble.empty();
        private Optional<Network> network = Optional.empty();
        private Optional<Matrix> dualVariable = Optional.empty();
        private Optional<Matrix> endToEnd = Optional.empty();
        private int neededWidth;
        private int iterations;
        private long timeNanos;

        private Builder(Problem problem) {
            this.problem = problem;
        }

        public Builder status(Status s) {
            this.status = s;
            return this;
        }

        public Builder reason(String r) {
            this.reason = Optional.ofNullable(r);
            return this;
        }

        public Builder certified(boolean c) {
            this.certified = c;
            return this;
        }

        public Builder primal(double v) {
            this.primal = OptionalDouble.of(v);
            return this;
        }

        public Builder dual(double v) {
            this.dual = OptionalDouble.of(v);
            return this;
        }

        /** A searched, unproven dual value (docs/theory.md §9); {@link #dual} takes only proven bounds. */
        public Builder dualEstimate(double v) {
            this.dualEstimate = OptionalDouble.of(v);
            return this;
        }

        public Builder tStar(double v) {
            this.tStar = OptionalDouble.of(v);
            return this;
        }

        public Builder network(Network n) {
            this.network = Optional.of(n);
            return this;
        }

        public Builder dualVariable(Matrix m) {
            this.dualVariable = Optional.of(m);
            return this;
        }

        public Builder endToEnd(Matrix m) {
            this.endToEnd = Optional.of(m);
            return this;
        }

        public Builder neededWidth(int w) {
            this.neededWidth = w;
            return this;
        }

        public Builder iterations(int it) {
            this.iterations = it;
            return this;
        }

        public Builder timeNanos(long t) {
            this.timeNanos = t;
            return this;
        }

        public Solution build() {
            return new Solution(problem, status, reason, certified, primal, dual, dualEstimate, tStar, network,
                    dualVariable, endToEnd, neededWidth, iterations, timeNanos);
        }
    }
}
