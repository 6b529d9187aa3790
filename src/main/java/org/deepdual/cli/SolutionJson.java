package org.deepdual.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.deepdual.data.Dataset;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Loss;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.stats.AlignmentStats;
import org.deepdual.stats.CollapseStats;
import org.deepdual.stats.DataAlignment;
import org.deepdual.stats.LayerStats;
import org.deepdual.stats.MarginStats;
import org.deepdual.stats.NetworkStats;
import org.deepdual.stats.RankTolerance;
import org.deepdual.sweep.Provenance;
import org.deepdual.train.TrainingRun;

/**
 * The {@code solve} command's JSON object (docs/cli.md): snake_case keys; an undefined
 * number is {@code null} with its reason in {@code reason} or in a sibling {@code <key>_reason}.
 */
final class SolutionJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SolutionJson() {
    }

    static ObjectNode of(Solution s, Dataset data, Optional<TrainingRun> baseline) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("setting", s.problem().setting().cliName());
        if (s.problem().variant().isPresent()) {
            o.put("variant", s.problem().variant().get().cliName());
        } else {
            o.putNull("variant");
        }
        o.put("objective", s.problem().objective().cliName());
        o.put("loss", s.problem().loss().cliName());
        o.put("beta", s.problem().beta());
        o.put("depth", s.problem().depth());
        OptionalDouble t = s.problem().objective() == Objective.TC ? s.problem().t() : s.tStar();
        number(o, "t", t, "t* is not defined for this setting");
        int width = s.network().map(Network::maxHiddenWidth).orElse(s.problem().width().orElse(s.neededWidth()));
        o.put("width", width);
        o.put("needed_width", s.neededWidth());
        o.put("n", data.n());
        o.put("d", data.d());
        o.put("k", data.k());
        o.put("status", s.status().name());
        if (s.reason().isPresent()) {
            o.put("reason", s.reason().get());
        } else {
            o.putNull("reason");
        }
        o.put("certified", s.certified());
        number(o, "primal", s.primal(), "no primal value: see reason");
        number(o, "dual", s.dual(), dualMissingReason(s));
        number(o, "dual_estimate", s.dualEstimate(), "no searched dual value: the dual, where present, is exact or"
                + " proven");
        number(o, "gap", s.gap(), "gap needs both primal and dual");
        if (s.network().isPresent()) {
            Network net = s.network().get();
            ForwardObjective fo = ForwardObjective.evaluate(net, data.x(), data.y(), s.problem());
            o.put("forward_primal", fo.value());
            if (s.problem().objective() == Objective.TC && net.batchNorm().isEmpty()) {
                o.put("tc_violation", fo.tcViolation());
            }
            NetworkStats stats = NetworkStats.of(net, data, RankTolerance.SOLVED);
            putStructure(o, stats);
            putMargins(o, net, data, s.problem().loss());
            if (s.problem().setting() == Setting.LINEAR && data.outputs() == 1 && s.dualVariable().isPresent()) {
                number(o, "data_alignment",
                        finite(DataAlignment.scalarLinear(net.layer(1), data.x(), s.dualVariable().get())),
                        "W_1 or X^T lambda is zero");
            }
        } else {
            o.putNull("forward_primal");
            o.put("forward_primal_reason", "no network: see reason");
            o.putArray("layers");
            o.putArray("alignment");
            o.putNull("balance");
            o.putNull("collapse");
        }
        baseline.ifPresent(run -> o.set("baseline", baselineJson(run, s, data)));
        o.put("iterations", s.iterations());
        o.put("time_ms", s.timeNanos() / 1e6);
        o.set("provenance", provenance());
        return o;
    }

    private static String dualMissingReason(Solution s) {
        if (s.problem().setting() == Setting.RELU_RANK1) {
            return "no dual is known for relu-rank1";
        }
        if (s.problem().setting() == Setting.RELU_1D_DEEP) {
            return "no lower bound is known for relu-1d-deep (docs/theory.md §7.3): the cell is trained";
        }
        return "no dual value: see reason";
    }

    private static void putStructure(ObjectNode o, NetworkStats stats) {
        ArrayNode layers = o.putArray("layers");
        for (LayerStats l : stats.layers()) {
            ObjectNode n = layers.addObject();
            n.put("fro", l.fro());
            n.put("op", l.op());
            n.put("rank", l.rank());
            n.put("rank_rtol", l.rankRtol());
            n.put("stable_rank", l.stableRank());
            if (!Double.isFinite(l.stableRank())) {
                n.putNull("stable_rank");
                n.put("stable_rank_reason", "zero layer");
            }
        }
        ArrayNode align = o.putArray("alignment");
        for (AlignmentStats a : stats.alignment()) {
            ObjectNode n = align.addObject();
            number(n, "top1", finite(a.top1()), "a layer is zero");
            number(n, "top2", finite(a.top2()), "rank < 2");
            number(n, "subspace", finite(a.subspace()), "a layer is zero");
        }
        number(o, "balance", finite(stats.balance()), "undefined for these layers");
        if (stats.collapse().isPresent()) {
            o.set("collapse", collapseJson(stats.collapse().get()));
        } else {
            o.putNull("collapse");
            o.put("collapse_reason", "no labels (pass --labels)");
        }
    }

    /** {@code margins} (docs/theory.md §14): train accuracy and margins under a classification loss. */
    private static void putMargins(ObjectNode o, Network net, Dataset data, Loss loss) {
        Optional<MarginStats> m = MarginStats.of(net, data.x(), data.y(), loss);
        if (m.isEmpty()) {
            o.putNull("margins");
            o.put("margins_reason", "squared loss: no margins");
            return;
        }
        ObjectNode n = o.putObject("margins");
        n.put("train_accuracy", m.get().trainAccuracy());
        n.put("min", m.get().minMargin());
        n.put("mean", m.get().meanMargin());
        n.put("below_one", m.get().belowOne());
    }

    static ObjectNode collapseJson(CollapseStats c) {
        ObjectNode n = MAPPER.createObjectNode();
        String why = c.reason().orElse("degenerate features");
        number(n, "nc1", finite(c.nc1()), why);
        number(n, "nc2_equinorm", finite(c.nc2Equinorm()), why);
        number(n, "nc2_equiangular", finite(c.nc2Equiangular()), why);
        number(n, "nc2_etf_dev", finite(c.nc2EtfDev()), why);
        number(n, "nc3_raw", finite(c.nc3Raw()), why);
        number(n, "nc3_centered", finite(c.nc3Centered()), why);
        number(n, "nc4", finite(c.nc4()), why);
        number(n, "train_accuracy", finite(c.trainAccuracy()), why);
        if (c.reason().isPresent()) {
            n.put("reason", c.reason().get());
        }
        return n;
    }

    private static ObjectNode baselineJson(TrainingRun run, Solution s, Dataset data) {
        ObjectNode b = MAPPER.createObjectNode();
        b.put("objective", run.objective());
        if (s.primal().isPresent()) {
            double p = s.primal().getAsDouble();
            b.put("excess", (run.objective() - p) / Math.max(1.0, Math.abs(p)));
        } else {
            b.putNull("excess");
            b.put("excess_reason", "no primal value to compare with");
        }
        b.put("iterations", run.iterations());
        b.put("time_ms", run.timeNanos() / 1e6);
        b.put("converged", run.converged());
        NetworkStats stats = NetworkStats.of(run.network(), data, RankTolerance.TRAINED);
        putStructure(b, stats);
        putMargins(b, run.network(), data, s.problem().loss());
        return b;
    }

    private static ObjectNode provenance() {
        Provenance p = Provenance.current();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("version", p.version());
        n.put("commit", p.commit());
        n.put("java", p.java());
        n.put("spark", p.spark());
        n.put("blas", p.blas());
        n.put("lapack", p.lapack());
        return n;
    }

    private static OptionalDouble finite(double v) {
        return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    }

    private static void number(ObjectNode o, String key, OptionalDouble v, String whyMissing) {
        if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
            o.put(key, v.getAsDouble());
        } else {
            o.putNull(key);
            o.put(key + "_reason", whyMissing);
        }
    }

    static List<String> keys() {
        return List.of("setting", "variant", "objective", "loss", "beta", "depth", "t", "width", "n", "d", "k", "status",
                "reason", "certified", "primal", "dual", "dual_estimate", "gap", "forward_primal", "layers", "alignment", "balance",
                "collapse", "iterations", "time_ms", "provenance");
    }
}
