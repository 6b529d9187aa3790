package org.deepdual.cli;

import java.io.PrintWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.deepdual.data.Dataset;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.model.Problem;
import org.deepdual.model.Solution;
import org.deepdual.model.Setting;
import org.deepdual.solve.Solvers;
import org.deepdual.train.BaselineSeeding;
import org.deepdual.train.BaselineTrainer;
import org.deepdual.train.Optimizer;
import org.deepdual.train.Relu2Seed;
import org.deepdual.train.TrainingRun;
import org.deepdual.train.TrajectoryCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deepdual solve}: one cell on CSV data, exactly as docs/cli.md pins it — one
 * compact JSON object on the last line of stdout, logs on stderr, exit 0 for every solve status.
 */
@Command(name = "solve", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Solve one cell: global optimum, optimal weights, dual certificate (JSON on stdout).")
public final class SolveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--weights-dir", description = "write each W_l (and BN parameters) as CSV here")
    Path weightsDir;

    @Option(names = "--baseline", description = "also train the network: gd, adam or lbfgs")
    String baseline;

    @Mixin
    BaselineOptions baselineOptions;

    @Option(names = "--relu2-seed", defaultValue = "lbfgs", description = "relu2 with sampled patterns (d > 2):"
            + " seed the first working set with a short L-BFGS run (lbfgs, the default) or not (none)")
    String relu2Seed;

    @Override
    public Integer call() {
        Problem problem = problemOptions.toProblem();
        Relu2Seed seed = BadInput.named("--relu2-seed", () -> Relu2Seed.fromCliName(relu2Seed));
        Optional<Optimizer> optimizer = Optional.ofNullable(baseline).map(BaselineOptions::optimizer);
        if (baselineOptions.trajectory != null && optimizer.isEmpty()) {
            throw new IllegalArgumentException("--trajectory: needs --baseline");
        }
        Dataset data = dataOptions.load();
        BadInput.named(dataOptions.targetsOption(), () -> {
            problem.loss().validateTargets(data.y());
            return data;
        });
        PreparedData prepared = BadInput.named("--x", () -> Solvers.prepare(problem.setting(), data));
        Solution solution = BaselineSeeding.solvePath(prepared, List.of(problem), seed).get(0);
        int width = solution.network().map(n -> Math.max(1, n.maxHiddenWidth()))
                .orElse(problem.width().orElse(Math.max(1, data.k())));
        Optional<TrainingRun> run = optimizer.map(o -> BaselineTrainer.train(data, problem,
                baselineOptions.options(o, width)));
        if (weightsDir != null && solution.network().isPresent()) {
            WeightsCsv.write(solution.network().get(), weightsDir);
        }
        if (baselineOptions.trajectory != null) {
            run.ifPresent(r -> TrajectoryCsv.write(r.trajectory(), baselineOptions.trajectory));
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode json = SolutionJson.of(solution, data, run);
        if (problem.setting() == Setting.RELU2) {
            json.put("relu2_seed", BaselineSeeding.seeds(seed, problem, data) ? seed.cliName()
                    : Relu2Seed.NONE.cliName());
        }
        out.println(json.toString());
        out.flush();
        return ExitCodes.OK;
    }
}
