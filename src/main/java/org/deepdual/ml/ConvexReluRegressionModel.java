package org.deepdual.ml;

import org.apache.spark.ml.util.MLReader;

/** A fitted {@link ConvexReluRegressor}: the optimal two-layer ReLU network and its certificate. */
public final class ConvexReluRegressionModel extends CellModel<ConvexReluRegressionModel> {
    private static final long serialVersionUID = 1L;

    ConvexReluRegressionModel(String uid, FittedNetwork network, CellCertificate certificate) {
        super(uid, network, certificate);
    }

    @Override
    protected ConvexReluRegressionModel create(String uid, FittedNetwork network, CellCertificate certificate) {
        return new ConvexReluRegressionModel(uid, network, certificate);
    }

    public static MLReader<ConvexReluRegressionModel> read() {
        return new CellModelIo.Reader<>(ConvexReluRegressionModel.class, ConvexReluRegressionModel::new);
    }

    public static ConvexReluRegressionModel load(String path) {
        return read().load(path);
    }
}
