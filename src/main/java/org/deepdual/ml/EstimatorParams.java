package org.deepdual.ml;

import java.util.List;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.deepdual.model.Problem;

/** The parameters the estimators share, each with its name, documentation and validator, in one place. */
final class EstimatorParams {
    /** Default of {@code maxRows}: rows a fit collects to the driver at most. */
    static final int DEFAULT_MAX_ROWS = 100_000;

    private EstimatorParams() {
    }

    static Param<String> featuresCol(Identifiable owner) {
        return new Param<>(owner, "featuresCol", "features column: a vector (e.g. from VectorAssembler)");
    }

    static Param<String> labelCol(Identifiable owner) {
        return new Param<>(owner, "labelCol", "label column: numeric (or a vector, for vector targets)");
    }

    static Param<String> predictionCol(Identifiable owner) {
        return new Param<>(owner, "predictionCol", "prediction column name");
    }

    static IntParam maxRows(Identifiable owner) {
        return new IntParam(owner, "maxRows", "most rows a fit collects to the driver (the solve is local); more is"
                + " refused (> 0)", ParamValidators.gt(0));
    }

    static DoubleParam beta(Identifiable owner) {
        return new DoubleParam(owner, "beta", "regularization strength beta (>= 0)", ParamValidators.gtEq(0));
    }

    static IntParam depth(Identifiable owner) {
        return new IntParam(owner, "depth", "number of layers L (2.." + Problem.MAX_DEPTH + ")",
                ParamValidators.inRange(2, Problem.MAX_DEPTH));
    }

    static LongParam seed(Identifiable owner, String doc) {
        return new LongParam(owner, "seed", doc);
    }

    static Param<String> oneOf(Identifiable owner, String name, String doc, List<String> values) {
        return new Param<>(owner, name, doc + " (" + String.join(", ", values) + ")", ParamValidators.inArray(values));
    }
}
