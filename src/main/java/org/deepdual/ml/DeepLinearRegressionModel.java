package org.deepdual.ml;

import org.apache.spark.ml.util.MLReader;

/**
 * A fitted {@link DeepLinearRegressor}: the optimal deep linear network (scalar or vector output) and its
 * certificate.
 */
public final class DeepLinearRegressionModel extends CellModel<DeepLinearRegressionModel> {
    private static final long serialVersionUID = 1L;

    DeepLinearRegressionModel(String uid, FittedNetwork network, CellCertificate certificate) {
        super(uid, network, certificate);
    }

    @Override
    protected DeepLinearRegressionModel create(String uid, FittedNetwork network, CellCertificate certificate) {
        return new DeepLinearRegressionModel(uid, network, certificate);
    }

    public static MLReader<DeepLinearRegressionModel> read() {
        return new CellModelIo.Reader<>(DeepLinearRegressionModel.class, DeepLinearRegressionModel::new);
    }

    public static DeepLinearRegressionModel load(String path) {
        return read().load(path);
    }
}
