package org.deepdual.report;

import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.model.Setting;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.core.PreparedData;

/**
 * The data sets of a sweep by name, exactly as the sweep solved them (after preprocessing), for
 * the figures whose content is not in the rows (class means of the penultimate features, 1-D fitted
 * functions): the report recomputes those cells' optimal networks from the data.
 */
@FunctionalInterface
public interface DatasetSource {
    Optional<Dataset> dataset(String name);

    /** {@code data} prepared for {@code setting}, as the sweep prepared it for its cells. */
    default PreparedData prepared(Setting setting, Dataset data) {
        return Solvers.prepare(setting, data);
    }

    /** No data sets: the figures that need them are omitted with a note. */
    static DatasetSource none() {
        return name -> Optional.empty();
    }
}
