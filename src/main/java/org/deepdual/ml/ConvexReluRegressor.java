package org.deepdual.ml;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.solve.relu2.AdmmSettings;
import org.deepdual.train.Relu2Seed;

/**
 * The two-layer ReLU network's convex program (setting relu2, docs/theory.md §9) on a vector features
 * column and a numeric label column: weight decay β, {@code patterns} sampled activation patterns
 * (enumerated when d ≤ 2) drawn with {@code seed}, the working set seeded as {@code relu2Seed} says, and
 * the ADMM's {@code tol}, {@code gapTol} and {@code maxIter}. A bias enters as an ordinary feature column.
 */
public final class ConvexReluRegressor extends CellEstimator<ConvexReluRegressor, ConvexReluRegressionModel> {
    private static final long serialVersionUID = 1L;

    private final IntParam patterns = new IntParam(this, "patterns", "sampled activation patterns (> 0; enumerated"
            + " when d <= 2)", ParamValidators.gt(0));
    private final LongParam seed = EstimatorParams.seed(this, "seed of the sampled activation patterns");
    private final Param<String> relu2Seed = EstimatorParams.oneOf(this, "relu2Seed", "first working set when"
            + " patterns are sampled: lbfgs (neurons of a short seeded L-BFGS run) or none", List.of("lbfgs", "none"));
    private final DoubleParam tol = new DoubleParam(this, "tol", "ADMM residual tolerance (> 0)",
            ParamValidators.gt(0));
    private final DoubleParam gapTol = new DoubleParam(this, "gapTol", "ADMM stops when the program's relative gap is"
            + " below this (> 0)", ParamValidators.gt(0));
    private final IntParam maxIter = new IntParam(this, "maxIter", "ADMM iteration cap (> 0)", ParamValidators.gt(0));

    public ConvexReluRegressor() {
        this(Identifiable.randomUID("convexRelu"));
    }

    public ConvexReluRegressor(String uid) {
        super(uid);
        setDefault(patterns, Problem.DEFAULT_PATTERNS);
        setDefault(seed, 0L);
        setDefault(relu2Seed, Relu2Seed.DEFAULT.cliName());
        setDefault(tol, AdmmSettings.DEFAULT.tolerance());
        setDefault(gapTol, AdmmSettings.DEFAULT.gapTolerance());
        setDefault(maxIter, AdmmSettings.DEFAULT.maxIterations());
    }

    public IntParam patterns() {
        return patterns;
    }

    public LongParam seed() {
        return seed;
    }

    public Param<String> relu2Seed() {
        return relu2Seed;
    }

    public DoubleParam tol() {
        return tol;
    }

    public DoubleParam gapTol() {
        return gapTol;
    }

    public IntParam maxIter() {
        return maxIter;
    }

    public int getPatterns() {
        return (Integer) getOrDefault(patterns);
    }

    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    public String getRelu2Seed() {
        return getOrDefault(relu2Seed);
    }

    public double getTol() {
        return (Double) getOrDefault(tol);
    }

    public double getGapTol() {
        return (Double) getOrDefault(gapTol);
    }

    public int getMaxIter() {
        return (Integer) getOrDefault(maxIter);
    }

    public ConvexReluRegressor setPatterns(int value) {
        set(patterns, value);
        return this;
    }

    public ConvexReluRegressor setSeed(long value) {
        set(seed, value);
        return this;
    }

    public ConvexReluRegressor setRelu2Seed(String value) {
        set(relu2Seed, value);
        return this;
    }

    public ConvexReluRegressor setTol(double value) {
        set(tol, value);
        return this;
    }

    public ConvexReluRegressor setGapTol(double value) {
        set(gapTol, value);
        return this;
    }

    public ConvexReluRegressor setMaxIter(int value) {
        set(maxIter, value);
        return this;
    }

    @Override
    protected Problem problem() {
        return new Problem(Setting.RELU2, Optional.empty(), Objective.WD, getBeta(), 2, OptionalDouble.empty(),
                OptionalInt.empty(), getSeed(), getPatterns());
    }

    @Override
    protected Relu2Seed relu2SeedValue() {
        return Relu2Seed.fromCliName(getRelu2Seed());
    }

    @Override
    protected AdmmSettings admmSettings() {
        return AdmmSettings.DEFAULT.withTolerance(getTol()).withGapTolerance(getGapTol())
                .withMaxIterations(getMaxIter());
    }

    @Override
    protected ConvexReluRegressionModel model(String uid, FittedNetwork network, CellCertificate certificate) {
        return new ConvexReluRegressionModel(uid, network, certificate);
    }

    public static MLReader<ConvexReluRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static ConvexReluRegressor load(String path) {
        return read().load(path);
    }
}
