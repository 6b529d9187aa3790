package org.deepdual.sweep;

import java.io.Serializable;
import org.deepdual.linalg.Matrix;
import org.deepdual.stats.ClassMomentsAccumulator;

/**
 * The per-class moments of a data set's inputs (counts, d × K means, d × d within-class scatter) as they
 * travel to executors: plain arrays, which Java and Kryo serialization both handle.
 */
final class ShippedMoments implements Serializable {
    private static final long serialVersionUID = 1L;

    private int dim;
    private long[] counts;
    private double[] means;
    private double[] scatter;

    ShippedMoments() {
        // for Kryo
    }

    static ShippedMoments of(ClassMomentsAccumulator m) {
        ShippedMoments s = new ShippedMoments();
        s.dim = m.dim();
        s.counts = new long[m.classes()];
        for (int k = 0; k < s.counts.length; k++) {
            s.counts[k] = m.count(k);
        }
        s.means = m.classMeans().toColumnMajor();
        s.scatter = m.withinScatter().toColumnMajor();
        return s;
    }

    ClassMomentsAccumulator moments() {
        return ClassMomentsAccumulator.of(counts.clone(), Matrix.ofColumnMajor(dim, counts.length, means.clone()),
                Matrix.ofColumnMajor(dim, dim, scatter.clone()));
    }
}
