package org.deepdual.ml;

import org.apache.spark.ml.util.MLReader;

/**
 * A fitted {@link BatchNormRegressor}: the optimal network with batch norm before its last layer (frozen at
 * the training batch's statistics, {@link FittedNetwork}) and its certificate.
 */
public final class BatchNormRegressionModel extends CellModel<BatchNormRegressionModel> {
    private static final long serialVersionUID = 1L;

    BatchNormRegressionModel(String uid, FittedNetwork network, CellCertificate certificate) {
        super(uid, network, certificate);
    }

    @Override
    protected BatchNormRegressionModel create(String uid, FittedNetwork network, CellCertificate certificate) {
        return new BatchNormRegressionModel(uid, network, certificate);
    }

    public static MLReader<BatchNormRegressionModel> read() {
        return new CellModelIo.Reader<>(BatchNormRegressionModel.class, BatchNormRegressionModel::new);
    }

    public static BatchNormRegressionModel load(String path) {
        return read().load(path);
    }
}
