package org.deepdual.ml;

import static org.deepdual.ml.MlFixtures.gaussian;
import static org.deepdual.ml.MlFixtures.reluTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deepdual.sweep.SharedSpark;
import org.junit.jupiter.api.Test;

/**
 * The README's Java example, compiled and run here: its code block is the body of {@link #tuneBeta}
 * between the markers, line for line, so the README cannot drift from code that compiles and works.
 */
class ReadmeExampleTest {
    private static final String BEGIN = "// README example begins";
    private static final String END = "// README example ends";

    static CellCertificate tuneBeta(Dataset<Row> table) {
        // README example begins
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("raw");
        StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true);
        ConvexReluRegressor relu = new ConvexReluRegressor().setLabelCol("y");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, relu});
        ParamMap[] grid = new ParamGridBuilder().addGrid(relu.beta(), new double[] {0.01, 0.1, 1.0}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(new RegressionEvaluator().setLabelCol("y")).setNumFolds(3).setSeed(1).fit(table);
        PipelineModel best = (PipelineModel) cv.bestModel();
        CellCertificate certificate = ((ConvexReluRegressionModel) best.stages()[2]).summary();
        System.out.printf("beta %s: %s, primal %s, gap %s%n", certificate.beta(), certificate.status(),
                certificate.primal(), certificate.gap());
        // README example ends
        return certificate;
    }

    @Test
    void theReadmeExampleIsThisCodeAndTunesBeta() throws IOException {
        assertEquals(block(Files.readString(Path.of("src/test/java/org/deepdual/ml/ReadmeExampleTest.java"))),
                readmeJava(Files.readString(Path.of("README.md"))));

        double[][] x = gaussian(30, 2, 91);
        double[][] y = reluTarget(x, 92);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            rows.add(RowFactory.create(x[i][0], x[i][1], y[i][0]));
        }
        StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType);
        CellCertificate c = tuneBeta(SharedSpark.get().createDataFrame(rows, schema));
        assertTrue(Set.of(0.01, 0.1, 1.0).contains(c.beta()), "chosen beta " + c.beta());
        assertEquals("OPTIMAL", c.status(), "d = 2: the patterns are enumerated, the cell is exact");
        assertEquals(30, c.n());
    }

    private static String block(String source) {
        String body = source.substring(source.indexOf(BEGIN + "\n") + BEGIN.length() + 1, source.indexOf(END + "\n"));
        return body.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }

    private static String readmeJava(String readme) {
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "README.md has no ```java block");
        String body = readme.substring(start + 8, readme.indexOf("```", start + 8));
        return body.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
