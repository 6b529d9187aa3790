package org.deepdual.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.types.StructType;
import org.deepdual.data.Dataset;
import org.deepdual.model.Problem;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.relu2.AdmmSettings;
import org.deepdual.train.Relu2Seed;

/**
 * A cell of one setting as a Spark ML estimator: {@link #fit} checks the columns, collects the
 * rows to the driver ({@link TrainingRows}), solves the cell ({@link CellSolve}, the {@code solve}
 * command's path) and returns the model of the optimal network with the certificate. A FAILED solve
 * has no network and is refused with its reason. Estimator/Model rather than Predictor: Predictor casts
 * the label to a double, and the deep linear and batch-norm estimators take vector targets.
 */
public abstract class CellEstimator<E extends CellEstimator<E, M>, M extends CellModel<M>> extends Estimator<M>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final IntParam maxRows;
    private final DoubleParam beta;

    protected CellEstimator(String uid) {
        this.uid = uid;
        featuresCol = EstimatorParams.featuresCol(this);
        labelCol = EstimatorParams.labelCol(this);
        predictionCol = EstimatorParams.predictionCol(this);
        maxRows = EstimatorParams.maxRows(this);
        beta = EstimatorParams.beta(this);
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(maxRows, EstimatorParams.DEFAULT_MAX_ROWS);
        setDefault(beta, 0.1);
    }

    /** The cell this estimator solves, from its parameters (a refusal names the parameter). */
    protected abstract Problem problem();

    /** The model of a solved cell. */
    protected abstract M model(String uid, FittedNetwork network, CellCertificate certificate);

    /** Whether the label may be a vector column (vector targets). */
    protected boolean vectorLabels() {
        return false;
    }

    /** Whether the features may be a numeric column rather than a vector (relu-1d). */
    protected boolean numericFeatures() {
        return false;
    }

    /** relu2 only: how the working set is seeded. */
    protected Relu2Seed relu2SeedValue() {
        return Relu2Seed.DEFAULT;
    }

    /** relu2 only: the ADMM stopping rules. */
    protected AdmmSettings admmSettings() {
        return AdmmSettings.DEFAULT;
    }

    @Override
    public String uid() {
        return uid;
    }

    @SuppressWarnings("unchecked")
    protected final E self() {
        return (E) this;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> labelCol() {
        return labelCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public IntParam maxRows() {
        return maxRows;
    }

    public DoubleParam beta() {
        return beta;
    }

    public String getFeaturesCol() {
        return getOrDefault(featuresCol);
    }

    public String getLabelCol() {
        return getOrDefault(labelCol);
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    public int getMaxRows() {
        return (Integer) getOrDefault(maxRows);
    }

    public double getBeta() {
        return (Double) getOrDefault(beta);
    }

    public E setFeaturesCol(String value) {
        set(featuresCol, value);
        return self();
    }

    public E setLabelCol(String value) {
        set(labelCol, value);
        return self();
    }

    public E setPredictionCol(String value) {
        set(predictionCol, value);
        return self();
    }

    public E setMaxRows(int value) {
        set(maxRows, value);
        return self();
    }

    public E setBeta(double value) {
        set(beta, value);
        return self();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ColumnRules.checkFeatures(schema, getFeaturesCol(), numericFeatures());
        ColumnRules.checkLabel(schema, getLabelCol(), vectorLabels());
        return ColumnRules.withPrediction(schema, getPredictionCol(), ColumnRules.isVector(schema, getLabelCol()));
    }

    @Override
    public M fit(org.apache.spark.sql.Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Problem problem = problem();
        String name = getClass().getSimpleName();
        Dataset data = TrainingRows.collect(dataset, getFeaturesCol(), getLabelCol(), getMaxRows(), name);
        Solution s = CellSolve.solve(data, problem, relu2SeedValue(), admmSettings());
        if (s.status() == Status.FAILED || s.network().isEmpty()) {
            throw new IllegalStateException(name + ": the " + problem.setting().cliName() + " cell at beta = "
                    + problem.beta() + " " + s.status() + ": " + s.reason().orElse("no network"));
        }
        M model = model(uid, FittedNetwork.of(s.network().get(), data.x()), CellCertificate.of(s, data));
        return copyValues(model, ParamMap.empty()).setParent(this);
    }

    @Override
    public E copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
