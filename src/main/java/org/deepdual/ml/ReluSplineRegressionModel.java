package org.deepdual.ml;

import org.apache.spark.ml.util.MLReader;

/**
 * A fitted {@link ReluSplineRegressor}: the optimal two-layer ReLU network with free biases on one feature
 * (a linear spline) and its certificate.
 */
public final class ReluSplineRegressionModel extends CellModel<ReluSplineRegressionModel> {
    private static final long serialVersionUID = 1L;

    ReluSplineRegressionModel(String uid, FittedNetwork network, CellCertificate certificate) {
        super(uid, network, certificate);
    }

    @Override
    protected boolean numericFeatures() {
        return true;
    }

    @Override
    protected ReluSplineRegressionModel create(String uid, FittedNetwork network, CellCertificate certificate) {
        return new ReluSplineRegressionModel(uid, network, certificate);
    }

    public static MLReader<ReluSplineRegressionModel> read() {
        return new CellModelIo.Reader<>(ReluSplineRegressionModel.class, ReluSplineRegressionModel::new);
    }

    public static ReluSplineRegressionModel load(String path) {
        return read().load(path);
    }
}
