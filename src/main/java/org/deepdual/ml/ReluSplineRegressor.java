package org.deepdual.ml;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;

/**
 * The two-layer ReLU network with free biases on one feature (setting relu-1d, docs/theory.md §7.2):
 * its optimum is a linear spline with knots at data points. The features column is numeric or a vector
 * of size 1; the label numeric.
 */
public final class ReluSplineRegressor extends CellEstimator<ReluSplineRegressor, ReluSplineRegressionModel> {
    private static final long serialVersionUID = 1L;

    public ReluSplineRegressor() {
        this(Identifiable.randomUID("reluSpline"));
    }

    public ReluSplineRegressor(String uid) {
        super(uid);
    }

    @Override
    protected boolean numericFeatures() {
        return true;
    }

    @Override
    protected Problem problem() {
        return Problem.wd(Setting.RELU_1D, getBeta(), 2);
    }

    @Override
    protected ReluSplineRegressionModel model(String uid, FittedNetwork network, CellCertificate certificate) {
        return new ReluSplineRegressionModel(uid, network, certificate);
    }

    public static MLReader<ReluSplineRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static ReluSplineRegressor load(String path) {
        return read().load(path);
    }
}
