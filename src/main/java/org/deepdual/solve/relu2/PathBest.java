package org.deepdual.solve.relu2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;

/**
 * The bounds a whole β path vouches for (docs/theory.md §9): the optimum is nondecreasing in β, so
 * every network the path found (a cell's, a seed's, the zero network) is an upper bound at every β,
 * and the dual function D(λ) = λᵀy − ½‖λ‖² does not depend on β while the constraint
 * max_u |λᵀ(Xu)₊| ≤ β only loosens as β grows, so a proven dual point of a smaller β is one of every
 * larger β. Each cell takes the best network of the path evaluated at its own β (balanced: every
 * neuron rescaled to ‖w₁‖ = |w₂|, which keeps the function and lowers the penalty) and the best
 * proven dual of the path at β no larger than its own. Primals are then nondecreasing along the
 * path, and no cell is above any of its seeds. A network's value at β is its loss plus β times its
 * penalty, both computed once, so a path of C cells costs O(C) forward passes, not O(C²).
 */
final class PathBest {
    /** A network replaces a cell's only when it is lower by more than this, relative to max(1, |primal|). */
    private static final double IMPROVEMENT = 1e-12;

    private PathBest() {
    }

    /**
     * The cells of a path with the path's best bounds; {@code seeds.get(c)} are cell c's seed networks
     * (candidates for every cell). FAILED cells stay as they are and lend nothing.
     */
    static List<Solution> apply(Dataset data, List<Solution> cells, List<List<Network>> seeds) {
        List<Candidate> candidates = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            Solution s = cells.get(c);
            if (s.status() != Status.FAILED && s.network().isPresent()) {
                candidates.add(Candidate.of(data, s.network().get(), "the path's cell at beta " + beta(s.problem())));
            }
            for (Network seed : seeds.get(c)) {
                candidates.add(Candidate.of(data, seed, "a seed network of the path's cell at beta "
                        + beta(cells.get(c).problem())));
            }
        }
        List<Solution> out = new ArrayList<>(cells.size());
        for (Solution s : cells) {
            out.add(s.status() == Status.FAILED ? s : best(data, s, candidates, cells));
        }
        return out;
    }

    /** A balanced network with ½‖f(X) − y‖² and ½(‖W₁‖² + ‖w₂‖²): its objective at β is loss + β·penalty. */
    private record Candidate(Network network, double loss, double penalty, String origin) {
        static Candidate of(Dataset data, Network net, String origin) {
            Network b = balanced(net);
            double[] f = b.forward(data.x()).column(0);
            double[] y = data.y().column(0);
            double loss = 0;
            for (int k = 0; k < y.length; k++) {
                loss += 0.5 * (f[k] - y[k]) * (f[k] - y[k]);
            }
            double penalty = 0.5 * (b.layer(1).frobeniusNormSquared() + b.layer(2).frobeniusNormSquared());
            return new Candidate(b, loss, penalty, origin);
        }

        double value(double beta) {
            return loss + beta * penalty;
        }
    }

    private static Solution best(Dataset data, Solution cell, List<Candidate> candidates, List<Solution> cells) {
        Problem problem = cell.problem();
        double primal = cell.primal().getAsDouble();
        Optional<Candidate> better = Optional.empty();
        double lowest = primal - IMPROVEMENT * Math.max(1.0, Math.abs(primal));
        for (Candidate c : candidates) {
            // a network wider than the cell's requested width would turn the cell FAILED under the width rule
            boolean fits = problem.width().isEmpty() || c.network().maxHiddenWidth() <= problem.width().getAsInt();
            if (fits && c.value(problem.beta()) < lowest) {
                lowest = c.value(problem.beta());
                better = Optional.of(c);
            }
        }
        Solution.Builder b = cell.toBuilder();
        List<String> notes = new ArrayList<>();
        if (better.isPresent()) {
            Network net = better.get().network();
            // the reported primal is the forward objective of the returned network, as for every cell
            double value = ForwardObjective.evaluate(net, data.x(), data.y(), problem).value();
            b.primal(value).network(net).neededWidth(net.maxHiddenWidth());
            notes.add(String.format(Locale.ROOT, "primal from %s (%.9g, below the cell's own %.9g)",
                    better.get().origin(), value, primal));
        }
        Optional<Solution> lender = Optional.empty();
        double dual = cell.dual().orElse(Double.NEGATIVE_INFINITY);
        for (Solution other : cells) {
            if (other.status() != Status.FAILED && other.dual().isPresent()
                    && other.problem().beta() <= problem.beta() && other.dual().getAsDouble() > dual) {
                dual = other.dual().getAsDouble();
                lender = Optional.of(other);
            }
        }
        if (lender.isPresent()) {
            b.dual(dual);
            lender.get().dualVariable().ifPresent(b::dualVariable);
            notes.add("dual point of the path's cell at beta " + beta(lender.get().problem())
                    + " (feasible at every larger beta)");
        }
        if (notes.isEmpty()) {
            return cell;
        }
        String note = String.join("; ", notes);
        return b.reason(cell.reason().map(r -> r + "; " + note).orElse(note)).build();
    }

    /**
     * The network with its zero neurons dropped and every neuron rescaled to ‖w₁‖ = |w₂| (relu is
     * positively homogeneous, so the function is unchanged and the penalty β|w₂|‖w₁‖ is the least).
     */
    static Network balanced(Network net) {
        Matrix w1 = net.layer(1);
        Matrix w2 = net.layer(2);
        int d = w1.rows();
        List<double[]> in = new ArrayList<>();
        List<Double> out = new ArrayList<>();
        for (int j = 0; j < w1.cols(); j++) {
            double[] u = w1.column(j);
            double a = w2.get(j, 0);
            double norm = org.deepdual.linalg.Vectors.norm(u);
            if (norm == 0 || a == 0) {
                continue;
            }
            double s = Math.sqrt(Math.abs(a) / norm);
            for (int i = 0; i < d; i++) {
                u[i] *= s;
            }
            in.add(u);
            out.add(a / s);
        }
        int m = Math.max(1, in.size());
        double[] first = new double[d * m];
        double[] second = new double[m];
        for (int j = 0; j < in.size(); j++) {
            System.arraycopy(in.get(j), 0, first, j * d, d);
            second[j] = out.get(j);
        }
        return Network.chain(Activation.RELU, List.of(Matrix.ofColumnMajor(d, m, first),
                Matrix.ofColumnMajor(m, 1, second)));
    }

    private static String beta(Problem problem) {
        return String.format(Locale.ROOT, "%.6g", problem.beta());
    }
}
