package org.deepdual.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Network;

/**
 * Writes a cell's optimal network (only when the spec asks, {@code save_weights}) from the executor
 * that solved it, as one JSON file {@code OUTPUT/weights/setting=S/<cell_id>.json} holding the
 * weights W_1..W_L (row-major lists of rows), batch-norm γ, α and biases. Written through a
 * temporary name and a rename; a retried task rewrites the same content.
 */
final class WeightsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WeightsWriter() {
    }

    static String write(String outputRoot, String setting, String cellId, Network net, Configuration conf) {
        Path dir = new Path(new Path(outputRoot, "weights"), "setting=" + setting);
        Path target = new Path(dir, cellId + ".json");
        Path tmp = new Path(dir, "." + cellId + ".json.tmp-" + UUID.randomUUID());
        try {
            FileSystem fs = target.getFileSystem(conf);
            fs.mkdirs(dir);
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                out.write(JSON.writeValueAsString(toJson(net)).getBytes(StandardCharsets.UTF_8));
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename " + tmp + " -> " + target + " failed");
            }
            return target.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write weights " + target, e);
        }
    }

    static ObjectNode toJson(Network net) {
        ObjectNode root = JSON.createObjectNode();
        root.put("activation", net.activation().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode layers = root.putArray("weights");
        for (Matrix w : net.weights()) {
            ArrayNode rows = layers.addArray();
            for (double[] row : w.toRowArrays()) {
                ArrayNode r = rows.addArray();
                for (double v : row) {
                    r.add(v);
                }
            }
        }
        net.batchNorm().ifPresent(bn -> {
            ObjectNode b = root.putObject("batch_norm");
            add(b.putArray("gamma"), bn.gamma());
            add(b.putArray("alpha"), bn.alpha());
            b.put("after", bn.after().name().toLowerCase(java.util.Locale.ROOT));
        });
        if (!net.hiddenBiases().isEmpty()) {
            ArrayNode biases = root.putArray("hidden_biases");
            net.hiddenBiases().forEach(v -> add(biases.addArray(), v));
        }
        if (net.outputBias().length > 0) {
            add(root.putArray("output_bias"), net.outputBias());
        }
        return root;
    }

    private static void add(ArrayNode a, double[] v) {
        for (double x : v) {
            a.add(x);
        }
    }
}
