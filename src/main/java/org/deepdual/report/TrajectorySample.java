package org.deepdual.report;

import java.util.Arrays;
import java.util.Objects;

/**
 * One recorded step of a cell's non-convex baseline (docs/output.md,
 * {@code OUTPUT/trajectories/}): iteration, training objective (the cell's objective, docs/theory.md
 * §1), per-layer Frobenius and spectral norms, and the alignments between consecutive
 * layers (docs/theory.md §10). Missing values are NaN or empty arrays.
 */
public record TrajectorySample(String cellId, long iteration, double objective, double[] fro, double[] op,
        double[] top1, double[] subspace) {

    public TrajectorySample {
        Objects.requireNonNull(cellId, "cellId");
        fro = fro.clone();
        op = op.clone();
        top1 = top1.clone();
        subspace = subspace.clone();
    }

    @Override
    public double[] fro() {
        return fro.clone();
    }

    @Override
    public double[] op() {
        return op.clone();
    }

    @Override
    public double[] top1() {
        return top1.clone();
    }

    @Override
    public double[] subspace() {
        return subspace.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrajectorySample s && s.cellId.equals(cellId) && s.iteration == iteration
                && Double.compare(s.objective, objective) == 0 && Arrays.equals(s.fro, fro)
                && Arrays.equals(s.op, op) && Arrays.equals(s.top1, top1) && Arrays.equals(s.subspace, subspace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cellId, iteration, objective, Arrays.hashCode(fro), Arrays.hashCode(op));
    }

    @Override
    public String toString() {
        return "TrajectorySample[" + cellId + ", it=" + iteration + ", objective=" + objective + "]";
    }
}
