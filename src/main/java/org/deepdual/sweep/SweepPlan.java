package org.deepdual.sweep;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A spec checked and expanded before any Spark job: grid size against {@code max_cells}, the output
 * location, every data set built and accepted by every setting that names it, and the cells as β
 * paths. Any problem is an {@link IllegalArgumentException} naming the spec file, key path and value.
 *
 * @param prepareMillis per "setting|data" the driver's preparation time (for the work estimate)
 */
public record SweepPlan(SweepSpec spec, String runId, SweepOutput output, DataCatalog catalog, SweepGrid grid,
        Map<String, Double> prepareMillis) {

    public static SweepPlan of(SweepSpec spec, SweepOptions options, Configuration hadoopConf) {
        spec.checkSize(options.force());
        String runId = SweepRun.newRunId();
        SweepOutput out = SweepOutput.resolve(SweepRun.outputFor(spec, options.recompute(), runId), hadoopConf,
                spec.source() + ": output");
        DataCatalog catalog = DataCatalog.build(spec);
        Map<String, Double> prepare = catalog.checkAcceptance(options.solver());
        return new SweepPlan(spec, runId, out, catalog, SweepGrid.expand(spec, catalog.fingerprints()), prepare);
    }
}
