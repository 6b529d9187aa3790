package org.deepdual.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Checks one β path (the cells of one data set, setting, variant, objective, t, width, depth and seed,
 * β varying) against the order docs/theory.md §11.10 puts on its bounds. The optimum P*(β) is
 * nondecreasing in β and at most ½‖Y‖² (the zero network is feasible at every β); a primal is the value
 * of a real network, so at least P*(β); a proven dual is at most P*(β). Hence, over the path's
 * non-FAILED cells:
 * <ol>
 *   <li>no primal is below the previous β's primal;</li>
 *   <li>no primal is above ½‖Y‖²;</li>
 *   <li>no proven dual is above a primal of a larger β.</li>
 * </ol>
 * A comparison allows the path's tolerance — the largest of its cells' ({@link CellRow#tolerance()}), so
 * one iterative cell makes the path iterative — relative to max(1, |P|) of the primal compared against.
 * A drop under BOUNDS is still listed: it measures how far the earlier primal is above its optimum.
 * The reducer counts the same three checks per path in Spark SQL (sweep.PathViolations).
 */
final class PathInvariantCheck {
    static final String VALUE_NONDECREASING = "value nondecreasing in β (docs/theory.md §11.9, §11.10)";
    static final String BELOW_ZERO_NETWORK = "primal ≤ ½‖Y‖², the zero network (docs/theory.md §11.10)";
    static final String DUAL_BELOW_LATER_PRIMALS = "dual ≤ every primal at larger β (docs/theory.md §11.10)";

    /**
     * What the check found on one path: its violations and, when the zero-network check could not run,
     * why, with the number of cells it skipped.
     */
    record Outcome(List<Violation> violations, Optional<String> notChecked, long uncheckedCells) {
        Outcome {
            violations = List.copyOf(violations);
        }
    }

    private PathInvariantCheck() {
    }

    /**
     * The violations of {@code path} (its cells in any order); {@code data} is the path's data set as
     * recorded, whose ½‖Y‖² counts only when its fingerprint is the cells' (or either is unknown).
     */
    static Outcome check(List<CellRow> path, Optional<DatasetInfo> data) {
        List<CellRow> judged = path.stream().filter(r -> !r.failed() && !Double.isNaN(r.primal()))
                .sorted(Comparator.comparingDouble((CellRow r) -> r.parameters().beta()).thenComparing(CellRow::cellId))
                .toList();
        List<Violation> out = new ArrayList<>();
        if (judged.isEmpty()) {
            return new Outcome(out, Optional.empty(), 0);
        }
        double tol = judged.stream().mapToDouble(CellRow::tolerance).max().getAsDouble();
        for (int i = 1; i < judged.size(); i++) {
            drop(judged.get(i - 1), judged.get(i), tol, out);
        }
        Optional<String> notChecked = whyNoZeroNetwork(judged.get(0), data);
        if (notChecked.isEmpty()) {
            double zero = data.get().zeroNetworkValue().getAsDouble();
            for (CellRow r : judged) {
                aboveZeroNetwork(r, zero, tol, out);
            }
        }
        CellRow lowestLater = null;
        for (int i = judged.size() - 1; i >= 0; i--) {
            CellRow r = judged.get(i);
            if (lowestLater != null && InvariantCheck.provenDual(r, data)) {
                dualAbove(r, lowestLater, tol, out);
            }
            if (lowestLater == null || r.primal() < lowestLater.primal()) {
                lowestLater = r;
            }
        }
        return new Outcome(out, notChecked, notChecked.isPresent() ? judged.size() : 0);
    }

    /** (a): the primal at {@code later} is not below the one at {@code earlier}. */
    private static void drop(CellRow earlier, CellRow later, double tol, List<Violation> out) {
        double floor = earlier.primal() - tol * Math.max(1.0, Math.abs(earlier.primal()));
        if (later.primal() < floor) {
            out.add(new Violation(later, VALUE_NONDECREASING, "P ≥ P(β′) − " + Format.number(tol)
                    + "·max(1, |P(β′)|) for the previous β′ = " + Format.number(earlier.parameters().beta()),
                    "P = " + Format.number(later.primal()) + ", below P(β′) = " + Format.number(earlier.primal())
                            + " (" + earlier.status() + ", cell " + earlier.cellId() + ") by "
                            + Format.number(earlier.primal() - later.primal())));
        }
    }

    /** (b): the primal is not above ½‖Y‖². */
    private static void aboveZeroNetwork(CellRow r, double zero, double tol, List<Violation> out) {
        if (r.primal() > zero + tol * Math.max(1.0, Math.abs(r.primal()))) {
            out.add(new Violation(r, BELOW_ZERO_NETWORK, "P ≤ ½‖Y‖² = " + Format.number(zero), "P = "
                    + Format.number(r.primal()) + ", above by " + Format.number(r.primal() - zero)));
        }
    }

    /** (c): the proven dual of {@code r} is not above the lowest primal of a larger β, {@code later}'s. */
    private static void dualAbove(CellRow r, CellRow later, double tol, List<Violation> out) {
        if (r.dual() > later.primal() + tol * Math.max(1.0, Math.abs(later.primal()))) {
            out.add(new Violation(r, DUAL_BELOW_LATER_PRIMALS, "D ≤ P(β″) for every β″ > β",
                    "D = " + Format.number(r.dual()) + ", above P(β″) = " + Format.number(later.primal()) + " at β″ = "
                            + Format.number(later.parameters().beta()) + " (" + later.status() + ", cell "
                            + later.cellId() + ") by " + Format.number(r.dual() - later.primal())));
        }
    }

    /** Why ½‖Y‖² of the path's data is not known, or empty when it is. */
    private static Optional<String> whyNoZeroNetwork(CellRow any, Optional<DatasetInfo> data) {
        String name = any.parameters().data();
        if (!CellParameters.SQUARED.equals(any.parameters().loss())) {
            return Optional.of("loss " + any.parameters().loss() + ": ½‖Y‖² is the zero network's value under the"
                    + " squared loss only");
        }
        if (data.isEmpty()) {
            return Optional.of("data set '" + name + "' is not in OUTPUT/datasets/");
        }
        String fp = data.get().fingerprint();
        if (!fp.isEmpty() && !any.dataFingerprint().isEmpty() && !fp.equals(any.dataFingerprint())) {
            return Optional.of("OUTPUT/datasets/ describes another version of data set '" + name + "' than its cells");
        }
        OptionalDouble zero = data.get().zeroNetworkValue();
        return zero.isPresent() ? Optional.empty() : Optional.of("no ‖Y‖² for data set '" + name
                + "': OUTPUT/datasets/ records neither target_norm_squared nor path_targets, and the report could"
                + " not rebuild the data");
    }
}
