package org.deepdual.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Encoders;
import scala.Option;

/**
 * Persistence of a {@link CellModel} in MLlib's layout: {@code path/metadata} is the default params
 * metadata (class, uid, params), {@code path/data} a text file with one JSON line holding the network
 * and the certificate (a few kilobytes: the solves are small).
 */
final class CellModelIo {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CellModelIo() {
    }

    /** What {@code path/data} holds. */
    record Data(FittedNetwork network, CellCertificate certificate) {
    }

    /** Creates a model of one class from its uid and saved parts. */
    @FunctionalInterface
    interface Factory<M> {
        M create(String uid, FittedNetwork network, CellCertificate certificate);
    }

    static final class Writer extends MLWriter {
        private final CellModel<?> model;

        Writer(CellModel<?> model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            String json;
            try {
                json = MAPPER.writeValueAsString(new Data(model.fittedNetwork(), model.summary()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode the model's network as JSON", e);
            }
            sparkSession().createDataset(List.of(json), Encoders.STRING()).coalesce(1).write().text(path + "/data");
        }
    }

    static final class Reader<M extends CellModel<M>> extends MLReader<M> {
        private final Class<M> type;
        private final Factory<M> factory;

        Reader(Class<M> type, Factory<M> factory) {
            this.type = type;
            this.factory = factory;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    type.getName());
            String json = sparkSession().read().text(path + "/data").first().getString(0);
            Data data;
            try {
                data = MAPPER.readValue(json, Data.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(path + "/data: not a saved " + type.getSimpleName() + ": "
                        + e.getOriginalMessage(), e);
            }
            M model = factory.create(metadata.uid(), data.network(), data.certificate());
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
