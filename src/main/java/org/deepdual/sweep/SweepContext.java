package org.deepdual.sweep;

import java.io.Serializable;
import org.deepdual.train.Relu2Seed;

/**
 * What every task of one run needs besides its groups: the run's id and start, where weights go,
 * the per-cell time budget, the baseline plan, and how data sets reach executors (broadcast of
 * the driver's arrays, or rebuilt from the spec on each executor).
 *
 * @param specText the spec (data sets are rebuilt from it in rebuild mode)
 * @param relu2Seed how relu2 cells with sampled patterns seed their first working set
 */
record SweepContext(String runId, long runStartedMillis, String outputRoot, boolean saveWeights, int timeoutSeconds,
        boolean hasBaseline, BaselinePlan baseline, DataShipping shipping, String specText, String specSource,
        Relu2Seed relu2Seed) implements Serializable {
}
