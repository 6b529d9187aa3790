package org.deepdual.stats;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.LayerFactors;

/**
 * The last few (weights, factors) pairs whose probes passed in {@link FactoredLayers}, by object identity. Both
 * are immutable, so a pair that passed once passes again, and its probes (two products with the layer and with
 * each factor) need not be repeated: the random first layer of a batch-norm network and its SVD are the same
 * objects in every network the solver builds for a (data set, seed), and their probes were most of the cost of
 * the weights' statistics (docs/performance.md). Weak references, so it keeps nothing alive; a fixed number of
 * slots, replaced in turn; safe for concurrent threads (a lost race only forgets a pair).
 */
final class PassedChecks {
    private record Pair(WeakReference<Matrix> weights, WeakReference<LayerFactors> factors) {
    }

    private final AtomicReferenceArray<Pair> slots;
    private final AtomicInteger next = new AtomicInteger();

    PassedChecks(int size) {
        slots = new AtomicReferenceArray<>(size);
    }

    /** Whether exactly these two objects passed. */
    boolean contains(Matrix w, LayerFactors f) {
        for (int i = 0; i < slots.length(); i++) {
            Pair p = slots.get(i);
            if (p != null && p.weights().get() == w && p.factors().get() == f) {
                return true;
            }
        }
        return false;
    }

    /** Remembers a pair that passed, in place of the oldest. */
    void add(Matrix w, LayerFactors f) {
        int slot = Math.floorMod(next.getAndIncrement(), slots.length());
        slots.set(slot, new Pair(new WeakReference<>(w), new WeakReference<>(f)));
    }
}
