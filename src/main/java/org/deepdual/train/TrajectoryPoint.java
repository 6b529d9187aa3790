package org.deepdual.train;

import java.util.OptionalDouble;

/**
 * One recorded point of a training run (the data of the paper's training figures, docs/theory.md
 * §13): iteration, training time so far (recording excluded), objective (the same value
 * as {@code ForwardObjective}), and per layer l = 1..L the Frobenius norm, spectral norm and
 * stable rank of W_l, per pair l = 1..L−1 the top-1 alignment |v_1(W_l)·u_1(W_{l+1})| (NaN when a
 * layer is zero), and, when the data has labels, NC1, NC2 ETF deviation and class-centred NC3 of
 * the penultimate features (NaN when degenerate; empty without labels). Definitions: docs/theory.md
 * §10 and {@link org.deepdual.stats.CollapseStats}.
 */
public record TrajectoryPoint(int iteration, long elapsedNanos, double objective, double[] fro, double[] op,
        double[] stableRank, double[] alignTop1, OptionalDouble nc1, OptionalDouble nc2EtfDev,
        OptionalDouble nc3Centered) {

    public TrajectoryPoint {
        fro = fro.clone();
        op = op.clone();
        stableRank = stableRank.clone();
        alignTop1 = alignTop1.clone();
        if (op.length != fro.length || stableRank.length != fro.length) {
            throw new IllegalArgumentException("per-layer arrays differ in length: fro " + fro.length + ", op "
                    + op.length + ", stableRank " + stableRank.length);
        }
        if (alignTop1.length != Math.max(0, fro.length - 1)) {
            throw new IllegalArgumentException("alignTop1 has " + alignTop1.length + " entries for " + fro.length
                    + " layers");
        }
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
    public double[] stableRank() {
        return stableRank.clone();
    }

    @Override
    public double[] alignTop1() {
        return alignTop1.clone();
    }

    public int depth() {
        return fro.length;
    }
}
