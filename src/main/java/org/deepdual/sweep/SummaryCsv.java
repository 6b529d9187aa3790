package org.deepdual.sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import org.apache.spark.sql.catalyst.csv.UnivocityGenerator;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * summary.csv written on the driver from the by_beta rows, through Spark's own CSV generator with the options
 * a {@code DataFrameWriter.csv} with a header uses, so that quoting, nulls and number formats are those of
 * Spark's CSV files; arrays are joined as {@code array_join(cast(a AS array<string>), ';', '')} joins them.
 * Writing the few rows here saves the single-task Spark job that wrote them before.
 */
final class SummaryCsv {
    private final StructType flat;
    private final boolean[] array;

    SummaryCsv(StructType byBeta) {
        StructField[] f = byBeta.fields();
        array = new boolean[f.length];
        StructType s = new StructType();
        for (int i = 0; i < f.length; i++) {
            array[i] = f[i].dataType() instanceof ArrayType;
            s = s.add(f[i].name(), array[i] ? DataTypes.StringType : f[i].dataType(), true);
        }
        flat = s;
    }

    /** Writes {@code rows} (in the order given) with a header line to a temporary sibling, then renames it. */
    void write(SweepOutput out, List<Row> rows) {
        Path target = out.summaryCsv();
        Path tmp = new Path(out.root(), ".summary.csv.tmp-" + UUID.randomUUID());
        CSVOptions options = new CSVOptions(
                scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(
                        Map.of("header", "true"))), true, "UTC");
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(out.fs().create(tmp, false), StandardCharsets.UTF_8),
                    1 << 16);
            UnivocityGenerator g = new UnivocityGenerator(flat, w, options);
            try {
                g.writeHeaders();
                for (Row r : rows) {
                    g.write(internal(r));
                }
            } finally {
                g.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        out.replaceWith(tmp, target);
    }

    private GenericInternalRow internal(Row r) {
        Object[] v = new Object[array.length];
        for (int i = 0; i < v.length; i++) {
            if (r.isNullAt(i)) {
                continue;
            }
            Object x = r.get(i);
            if (array[i]) {
                v[i] = UTF8String.fromString(joined(r.getList(i)));
            } else if (x instanceof String s) {
                v[i] = UTF8String.fromString(s);
            } else {
                v[i] = x;
            }
        }
        return new GenericInternalRow(v);
    }

    /** A null element as '', as array_join's replacement; a double as Spark's cast to string writes it. */
    static String joined(List<Object> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(';');
            }
            Object x = values.get(i);
            if (x != null) {
                b.append(x);
            }
        }
        return b.toString();
    }
}
