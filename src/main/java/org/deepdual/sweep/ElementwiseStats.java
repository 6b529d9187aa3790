package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterator;

/**
 * Per-position statistics of a group's per-layer arrays (one array per seed; position = layer l,
 * or layer pair for alignments): mean, sample standard deviation (null for fewer than two values),
 * min and max, each over the non-null entries at that position. The summary of a group of seeds is
 * a handful of numbers, so this runs as a UDF after one aggregation instead of as extra shuffles.
 */
final class ElementwiseStats implements UDF1<scala.collection.Seq<scala.collection.Seq<Object>>, Row> {
    private static final long serialVersionUID = 1L;
    private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, true);
    static final StructType TYPE = new StructType().add("mean", DOUBLES).add("std", DOUBLES).add("min", DOUBLES)
            .add("max", DOUBLES);

    @Override
    public Row call(scala.collection.Seq<scala.collection.Seq<Object>> arrays) {
        List<double[]> rows = new ArrayList<>();
        List<boolean[]> present = new ArrayList<>();
        int len = 0;
        if (arrays != null) {
            Iterator<scala.collection.Seq<Object>> it = arrays.iterator();
            while (it.hasNext()) {
                scala.collection.Seq<Object> a = it.next();
                if (a == null) {
                    continue;
                }
                double[] v = new double[a.size()];
                boolean[] p = new boolean[a.size()];
                for (int i = 0; i < v.length; i++) {
                    Object o = a.apply(i);
                    p[i] = o != null;
                    v[i] = o == null ? 0 : ((Number) o).doubleValue();
                }
                rows.add(v);
                present.add(p);
                len = Math.max(len, v.length);
            }
        }
        if (len == 0) {
            return null;
        }
        Double[] mean = new Double[len];
        Double[] std = new Double[len];
        Double[] min = new Double[len];
        Double[] max = new Double[len];
        for (int i = 0; i < len; i++) {
            int n = 0;
            double m = 0;
            double s = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows.size(); r++) {
                if (i < rows.get(r).length && present.get(r)[i]) {
                    double x = rows.get(r)[i];
                    n++;
                    double delta = x - m; // Welford: stable for close values
                    m += delta / n;
                    s += delta * (x - m);
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
            mean[i] = n == 0 ? null : m;
            std[i] = n < 2 ? null : Math.sqrt(s / (n - 1));
            min[i] = n == 0 ? null : lo;
            max[i] = n == 0 ? null : hi;
        }
        return RowFactory.create(mean, std, min, max);
    }
}
