package org.deepdual.solve.linear;

import java.util.Optional;
import org.deepdual.model.Status;

/**
 * What a closed form's primal and dual say together (docs/theory.md §3, §11.3): meeting within the
 * tolerance, they certify the optimum; apart by a positive gap the theory predicts, the value is still
 * the exact optimum (OPTIMAL, not certified, the prediction as the reason); apart otherwise, a check
 * failed — one of the two computations missed — so the value is not shown optimal (BOUNDS, with the
 * gap and the check that failed as the reason).
 *
 * @param reason empty when certified
 */
record GapVerdict(Status status, boolean certified, Optional<String> reason) {

    /**
     * @param rtol the tolerance relative to max(1, |primal|)
     * @param predictedGap why the theory expects a positive gap here, or null where it expects none
     * @param check what should have held where no gap is expected
     */
    static GapVerdict of(double primal, double dual, double rtol, String predictedGap, String check) {
        double gap = primal - dual;
        double tol = rtol * Math.max(1, Math.abs(primal));
        if (Math.abs(gap) <= tol) {
            return new GapVerdict(Status.OPTIMAL, true, Optional.empty());
        }
        if (gap > 0 && predictedGap != null) {
            return new GapVerdict(Status.OPTIMAL, false, Optional.of(predictedGap + String.format(" (gap %.6e)", gap)));
        }
        if (gap < 0) {
            return new GapVerdict(Status.BOUNDS, false, Optional.of(String.format("primal not shown optimal: the dual"
                    + " value exceeds the primal by %.6e, which weak duality forbids; %s", -gap, check)));
        }
        return new GapVerdict(Status.BOUNDS, false, Optional.of(String.format("primal not shown optimal: bounds gap"
                + " %.6e, but %s", gap, check)));
    }
}
