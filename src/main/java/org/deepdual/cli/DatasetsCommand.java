package org.deepdual.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.deepdual.data.DatasetFactory;
import org.deepdual.data.FashionMnist;
import org.deepdual.data.GeneratorDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deepdual datasets}: the data sets a study can name (docs/spec.md and docs/cli.md): every
 * generator with the spec keys it reads, and the real data sets installed on this machine with
 * their shapes, read from the IDX headers and labels without loading any pixel.
 */
@Command(name = "datasets", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "List the data set generators with their parameters and the installed real data sets.")
public final class DatasetsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--fashion-mnist-dir", paramLabel = "DIR",
            description = "Where to look for Fashion-MNIST (default: ${DEFAULT-VALUE}).")
    private Path fashionMnistDir = FashionMnist.DEFAULT_DIR;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Generators (the 'generator:' of a 'data:' entry in a sweep spec) and their keys:");
        for (GeneratorDescription g : DatasetFactory.generators()) {
            out.printf("  %-9s %s%n", g.name(), g.summary());
            print(out, g.parameters());
        }
        out.println();
        out.println("Generated targets (gaussian, whitened, rank-one, one-d):");
        print(out, DatasetFactory.targetParameters());
        out.println();
        out.println("Preprocessing (every data set, in this order):");
        print(out, DatasetFactory.preprocessingParameters());
        out.println();
        out.println("Installed data sets (generator: idx, path: <directory>, split: train|test):");
        List<FashionMnist.Split> splits = FashionMnist.installed(fashionMnistDir);
        if (splits.isEmpty()) {
            out.printf("  fashion-mnist  not installed in %s (apt-get install %s)%n", fashionMnistDir,
                    FashionMnist.DEBIAN_PACKAGE);
        }
        for (FashionMnist.Split s : splits) {
            out.printf("  fashion-mnist  %-5s  %dx%d  %d classes  %s%n", s.split(), s.n(), s.d(), s.k(),
                    s.images().getParent());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, List<GeneratorDescription.Parameter> parameters) {
        for (GeneratorDescription.Parameter p : parameters) {
            out.printf("      %-33s %s%n", p.key(), p.meaning());
        }
    }
}
