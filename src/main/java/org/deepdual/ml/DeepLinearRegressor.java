package org.deepdual.ml;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;

/**
 * The deep linear network's exact fit (setting linear, docs/theory.md §4–5) of depth L on a vector
 * features column and a numeric label column (scalar output) or a vector label column (vector output):
 * objective {@code wd} (weight decay on every layer) or {@code tc} (the first L−2 layers bounded by
 * ‖W_l‖_F ≤ t, which {@code tc} requires and {@code wd} refuses).
 */
public final class DeepLinearRegressor extends CellEstimator<DeepLinearRegressor, DeepLinearRegressionModel> {
    private static final long serialVersionUID = 1L;

    private final IntParam depth = EstimatorParams.depth(this);
    private final Param<String> objective = EstimatorParams.oneOf(this, "objective", "regularised objective",
            List.of("wd", "tc"));
    private final DoubleParam t = new DoubleParam(this, "t", "norm bound of the first L-2 layers, objective tc only"
            + " (> 0)", ParamValidators.gt(0));

    public DeepLinearRegressor() {
        this(Identifiable.randomUID("deepLinear"));
    }

    public DeepLinearRegressor(String uid) {
        super(uid);
        setDefault(depth, 2);
        setDefault(objective, "wd");
    }

    public IntParam depth() {
        return depth;
    }

    public Param<String> objective() {
        return objective;
    }

    public DoubleParam t() {
        return t;
    }

    public int getDepth() {
        return (Integer) getOrDefault(depth);
    }

    public String getObjective() {
        return getOrDefault(objective);
    }

    public double getT() {
        return (Double) getOrDefault(t);
    }

    public DeepLinearRegressor setDepth(int value) {
        set(depth, value);
        return this;
    }

    public DeepLinearRegressor setObjective(String value) {
        set(objective, value);
        return this;
    }

    public DeepLinearRegressor setT(double value) {
        set(t, value);
        return this;
    }

    @Override
    protected boolean vectorLabels() {
        return true;
    }

    @Override
    protected Problem problem() {
        Objective o = Objective.fromCliName(getObjective());
        if (o == Objective.TC && !isDefined(t)) {
            throw new IllegalArgumentException("t: required with objective tc (setT)");
        }
        if (o == Objective.WD && isSet(t)) {
            throw new IllegalArgumentException("t: applies to objective tc only, got t = " + getT() + " with wd");
        }
        OptionalDouble tValue = o == Objective.TC ? OptionalDouble.of(getT()) : OptionalDouble.empty();
        return new Problem(Setting.LINEAR, Optional.empty(), o, getBeta(), getDepth(), tValue, OptionalInt.empty(), 0L,
                Problem.DEFAULT_PATTERNS);
    }

    @Override
    protected DeepLinearRegressionModel model(String uid, FittedNetwork network, CellCertificate certificate) {
        return new DeepLinearRegressionModel(uid, network, certificate);
    }

    public static MLReader<DeepLinearRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static DeepLinearRegressor load(String path) {
        return read().load(path);
    }
}
