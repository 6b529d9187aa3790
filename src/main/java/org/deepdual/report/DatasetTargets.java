package org.deepdual.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deepdual.data.Dataset;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.stats.RankTolerance;

/**
 * The values each setting's rank threshold acts on, computed from a data set as docs/theory.md defines
 * them, for when {@code OUTPUT/datasets/} does not carry them: σ(X); z_i = σ_i(U_rᵀY) (docs/theory.md
 * §5, with the rank r of X at 1e−10·σ_1); the path targets a_± = ‖y_±‖ for scalar y or
 * a_k = √n_k for labelled one-hot Y (section 6); σ(Y) (section 8); the class counts.
 */
final class DatasetTargets {
    private DatasetTargets() {
    }

    static Map<String, double[]> of(Dataset data) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Svd svd = Decompositions.thinSvd(data.x());
        out.put("singular_values", svd.s());
        int r = svd.rank(RankTolerance.DATA);
        Matrix ur = svd.u().columns(0, r);
        out.put("linear_targets", Decompositions.singularValues(ur.transposeTimes(data.y())));
        out.put("y_singular_values", Decompositions.singularValues(data.y()));
        if (data.labels().isPresent()) {
            Labels l = data.labels().get();
            double[] counts = Arrays.stream(l.counts()).asDoubleStream().toArray();
            out.put("class_counts", counts);
            out.put("path_targets", Arrays.stream(counts).map(Math::sqrt).toArray());
        } else if (data.outputs() == 1) {
            double plus = 0;
            double minus = 0;
            for (double v : data.y().column(0)) {
                if (v > 0) {
                    plus += v * v;
                } else {
                    minus += v * v;
                }
            }
            out.put("path_targets", new double[] {Math.sqrt(plus), Math.sqrt(minus)});
        }
        return out;
    }
}
