package org.deepdual.bench.sweep;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.data.DatasetSpec;
import org.deepdual.sweep.ShippedDataset;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepSpec;

/**
 * What it costs an executor JVM to get each data set of a spec, the two ways a sweep can do it:
 * rebuilding it from the spec (generation or file reading, preprocessing, fingerprint) against
 * receiving the driver's arrays (serialize, deserialize, rebuild the matrices; the broadcast's
 * transfer adds about 40 ms per 8 MB on local[2]). Usage: {@code DataShippingCost SPEC}.
 */
public final class DataShippingCost {
    private DataShippingCost() {
    }

    public static void main(String[] args) throws Exception {
        SweepSpec spec = SpecReader.read(Path.of(args[0]));
        SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
        System.out.printf(Locale.ROOT, "%-18s %10s %12s %14s %14s%n", "data set", "MB", "rebuild ms", "java ser+de ms",
                "kryo ser+de ms");
        for (DatasetSpec d : spec.data()) {
            double rebuild = Double.MAX_VALUE;
            double java = Double.MAX_VALUE;
            double kryoMs = Double.MAX_VALUE;
            ShippedDataset shipped = null;
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                Dataset built = DatasetFactory.build(d);
                rebuild = Math.min(rebuild, (System.nanoTime() - t0) / 1e6);
                shipped = ShippedDataset.of(built);
                t0 = System.nanoTime();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                    out.writeObject(shipped);
                }
                try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                    ((ShippedDataset) in.readObject()).toDataset();
                }
                java = Math.min(java, (System.nanoTime() - t0) / 1e6);
                t0 = System.nanoTime();
                java.nio.ByteBuffer buf = kryo.serialize(shipped, scala.reflect.ClassTag$.MODULE$.apply(
                        ShippedDataset.class));
                ShippedDataset back = kryo.deserialize(buf, scala.reflect.ClassTag$.MODULE$.apply(
                        ShippedDataset.class));
                back.toDataset();
                kryoMs = Math.min(kryoMs, (System.nanoTime() - t0) / 1e6);
            }
            System.out.printf(Locale.ROOT, "%-18s %10.2f %12.1f %14.1f %14.1f%n", d.name(), shipped.bytes() / 1e6,
                    rebuild, java, kryoMs);
        }
    }
}
