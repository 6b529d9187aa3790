package org.deepdual.ml;

import java.io.Serializable;
import java.util.OptionalDouble;
import org.deepdual.data.Dataset;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Objective;
import org.deepdual.model.Solution;

/**
 * A fitted model's summary: the cell it solved and the solve's certificate, with the meanings of the
 * {@code solve} command's JSON (docs/cli.md): {@code primal} is the objective of the returned network,
 * {@code dual} a proven lower bound (null when none), {@code gap = primal − dual}, {@code dualEstimate}
 * a searched, unproven value that never enters the gap; {@code t} is the bound for {@code tc} and the
 * optimal t* for {@code wd} (null where undefined).
 */
public record CellCertificate(String setting, String variant, String objective, double beta, int depth, Double t,
        long seed, int patterns, String status, String reason, boolean certified, Double primal, Double dual,
        Double gap, Double dualEstimate, int n, int d, int k, int iterations, double timeMs) implements Serializable {

    private static final long serialVersionUID = 1L;

    static CellCertificate of(Solution s, Dataset data) {
        var p = s.problem();
        OptionalDouble t = p.objective() == Objective.TC ? p.t() : s.tStar();
        return new CellCertificate(p.setting().cliName(), p.variant().map(BnVariant::cliName).orElse(null),
                p.objective().cliName(), p.beta(), p.depth(), boxed(t), p.seed(), p.patterns(), s.status().name(),
                s.reason().orElse(null), s.certified(), boxed(s.primal()), boxed(s.dual()), boxed(s.gap()),
                boxed(s.dualEstimate()), data.n(), data.d(), data.k(), s.iterations(), s.timeNanos() / 1e6);
    }

    private static Double boxed(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }
}
