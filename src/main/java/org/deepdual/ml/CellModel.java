package org.deepdual.ml;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A solved cell as a Spark ML model: predicts with the optimal network ({@link FittedNetwork}) and
 * carries the cell's certificate as its {@link #summary()}. The prediction column is a double for a
 * scalar target and a vector for a vector target. Saved as the default params metadata plus the
 * network and certificate as one JSON line under {@code path/data} ({@link CellModelIo}).
 */
public abstract class CellModel<M extends CellModel<M>> extends Model<M> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final FittedNetwork network;
    private final CellCertificate certificate;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;

    protected CellModel(String uid, FittedNetwork network, CellCertificate certificate) {
        this.uid = uid;
        this.network = network;
        this.certificate = certificate;
        this.featuresCol = EstimatorParams.featuresCol(this);
        this.predictionCol = EstimatorParams.predictionCol(this);
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
    }

    /** A model of this class with the same parts (for {@link #copy} and loading). */
    protected abstract M create(String uid, FittedNetwork network, CellCertificate certificate);

    /** Whether the features may be a numeric column rather than a vector (relu-1d). */
    protected boolean numericFeatures() {
        return false;
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public String getFeaturesCol() {
        return getOrDefault(featuresCol);
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    @SuppressWarnings("unchecked")
    public M setFeaturesCol(String value) {
        set(featuresCol, value);
        return (M) this;
    }

    @SuppressWarnings("unchecked")
    public M setPredictionCol(String value) {
        set(predictionCol, value);
        return (M) this;
    }

    /** The cell and its certificate (status, primal, dual, gap, reason). */
    public CellCertificate summary() {
        return certificate;
    }

    public boolean hasSummary() {
        return true;
    }

    /** The optimal network in serializable form. */
    public FittedNetwork fittedNetwork() {
        return network;
    }

    public int numFeatures() {
        return network.inputs();
    }

    /** Number of outputs: 1 for a scalar target. */
    public int numOutputs() {
        return network.outputs();
    }

    /** The prediction for one feature vector (scalar target). */
    public double predict(Vector features) {
        if (numOutputs() != 1) {
            throw new IllegalStateException("the model has " + numOutputs() + " outputs; use predictVector");
        }
        return network.predict(features.toArray())[0];
    }

    /** The prediction for one feature vector, one entry per output. */
    public Vector predictVector(Vector features) {
        return Vectors.dense(network.predict(features.toArray()));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ColumnRules.checkFeatures(schema, getFeaturesCol(), numericFeatures());
        return ColumnRules.withPrediction(schema, getPredictionCol(), numOutputs() != 1);
    }

    @Override
    public org.apache.spark.sql.Dataset<Row> transform(org.apache.spark.sql.Dataset<?> dataset) {
        StructType schema = dataset.schema();
        transformSchema(schema);
        FittedNetwork net = network;
        int d = net.inputs();
        UserDefinedFunction f;
        if (numOutputs() == 1) {
            f = functions.udf((UDF1<Vector, Double>) v -> net.predict(sized(v, d))[0], DataTypes.DoubleType);
        } else {
            f = functions.udf((UDF1<Vector, Vector>) v -> Vectors.dense(net.predict(sized(v, d))), new VectorUDT());
        }
        return dataset.withColumn(getPredictionCol(), f.apply(ColumnRules.featureVector(schema, getFeaturesCol())));
    }

    private static double[] sized(Vector v, int d) {
        if (v.size() != d) {
            throw new IllegalArgumentException("featuresCol: a row has " + v.size()
                    + " features; the model was fitted on "
                    + d);
        }
        return v.toArray();
    }

    @Override
    public M copy(ParamMap extra) {
        M m = create(uid, network, certificate);
        return copyValues(m, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new CellModelIo.Writer(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + ": uid=" + uid + ", " + certificate.setting()
                + ", beta=" + certificate.beta()
                + ", status=" + certificate.status() + ", primal=" + certificate.primal();
    }
}
