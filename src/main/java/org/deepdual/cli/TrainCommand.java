package org.deepdual.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.deepdual.data.Dataset;
import org.deepdual.model.Problem;
import org.deepdual.train.BaselineTrainer;
import org.deepdual.train.TrainingRun;
import org.deepdual.train.TrajectoryCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deepdual train}: the non-convex baseline alone — gradient training of the same network
 * and objective as {@code solve}, with the same data options; the trajectory goes to CSV.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Train the network of a cell by GD, Adam or L-BFGS (JSON summary on stdout).")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--optimizer", defaultValue = "lbfgs", description = "gd, adam or lbfgs")
    String optimizer;

    @Mixin
    BaselineOptions baselineOptions;

    @Override
    public Integer call() {
        Problem problem = problemOptions.toProblem();
        var opt = BaselineOptions.optimizer(optimizer);
        Dataset data = dataOptions.load();
        BadInput.named(dataOptions.targetsOption(), () -> {
            problem.loss().validateTargets(data.y());
            return data;
        });
        int width = problem.width().orElse(Math.max(2, data.k()));
        TrainingRun run = BaselineTrainer.train(data, problem, baselineOptions.options(opt, width));
        if (baselineOptions.trajectory != null) {
            TrajectoryCsv.write(run.trajectory(), baselineOptions.trajectory);
        }
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("setting", problem.setting().cliName());
        o.put("objective", problem.objective().cliName());
        o.put("loss", problem.loss().cliName());
        o.put("beta", problem.beta());
        o.put("depth", problem.depth());
        o.put("width", width);
        o.put("optimizer", optimizer);
        o.put("final_objective", run.objective());
        o.put("iterations", run.iterations());
        o.put("converged", run.converged());
        o.put("time_ms", run.timeNanos() / 1e6);
        o.put("trajectory_points", run.trajectory().size());
        PrintWriter out = spec.commandLine().getOut();
        out.println(o.toString());
        out.flush();
        return ExitCodes.OK;
    }
}
