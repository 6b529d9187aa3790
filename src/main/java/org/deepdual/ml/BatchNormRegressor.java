package org.deepdual.ml;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;

/**
 * The network with batch normalization before its last layer (setting bn, docs/theory.md §8) of depth
 * L on arbitrary data, scalar or vector targets: {@code variant} relu or linear (the activation after
 * batch norm), the earlier layers drawn with {@code seed}, β on γ, α and the last layer.
 */
public final class BatchNormRegressor extends CellEstimator<BatchNormRegressor, BatchNormRegressionModel> {
    private static final long serialVersionUID = 1L;

    private final IntParam depth = EstimatorParams.depth(this);
    private final Param<String> variant = EstimatorParams.oneOf(this, "variant", "activation after batch norm",
            List.of("relu", "linear"));
    private final LongParam seed = EstimatorParams.seed(this, "seed of the layers before batch norm");

    public BatchNormRegressor() {
        this(Identifiable.randomUID("batchNorm"));
    }

    public BatchNormRegressor(String uid) {
        super(uid);
        setDefault(depth, 2);
        setDefault(variant, "relu");
        setDefault(seed, 0L);
    }

    public IntParam depth() {
        return depth;
    }

    public Param<String> variant() {
        return variant;
    }

    public LongParam seed() {
        return seed;
    }

    public int getDepth() {
        return (Integer) getOrDefault(depth);
    }

    public String getVariant() {
        return getOrDefault(variant);
    }

    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    public BatchNormRegressor setDepth(int value) {
        set(depth, value);
        return this;
    }

    public BatchNormRegressor setVariant(String value) {
        set(variant, value);
        return this;
    }

    public BatchNormRegressor setSeed(long value) {
        set(seed, value);
        return this;
    }

    @Override
    protected boolean vectorLabels() {
        return true;
    }

    @Override
    protected Problem problem() {
        return new Problem(Setting.BN, Optional.of(BnVariant.fromCliName(getVariant())), Objective.WD, getBeta(),
                getDepth(), OptionalDouble.empty(), OptionalInt.empty(), getSeed(), Problem.DEFAULT_PATTERNS);
    }

    @Override
    protected BatchNormRegressionModel model(String uid, FittedNetwork network, CellCertificate certificate) {
        return new BatchNormRegressionModel(uid, network, certificate);
    }

    public static MLReader<BatchNormRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static BatchNormRegressor load(String path) {
        return read().load(path);
    }
}
