package org.deepdual.solve.linear;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.model.Objective;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepSpec;

/**
 * Stand-alone benchmark (docs/performance.md, "Distributed preparation", issue 22): one general-vector
 * β path ({@link GeneralVectorPath}) on the rotated factors of full centred Fashion-MNIST, timed by the
 * CPU time of its thread. A cell depends on the data only through s, Z = UᵀY and ‖Y‖², so they are
 * computed once (from the Gram factors, about 30 s) and cached in a file of 70 KB; later runs start at once.
 *
 * <p>Run from the project root: {@code java -cp target/classes:target/test-classes:<deps>
 * org.deepdual.solve.linear.FmnistPathProbe wd|tc L [count [beta]]}: {@code count} β log-spaced over
 * 1e-1..1e3 as in {@code jobs/bench-fmnist-linear.yaml} (40), or the single {@code beta}. Prints one line
 * per cell (primal, lower bound, relative gap, rank, iterations) and the path's CPU seconds.
 */
public final class FmnistPathProbe {
    private static final Path CACHE = Path.of(System.getProperty("probe.cache", "/tmp/fmnist-rotated.bin"));

    private FmnistPathProbe() {
    }

    public static void main(String[] args) throws IOException {
        RotatedLoss loss = rotatedLoss();
        Objective o = Objective.valueOf(args[0].toUpperCase(Locale.ROOT));
        int depth = Integer.parseInt(args[1]);
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        SchattenPenalty penalty = new SchattenPenalty(o, depth, o == Objective.TC ? 1.0 : Double.NaN);
        double[] betas = new double[count];
        for (int i = 0; i < count; i++) {
            betas[i] = Math.pow(10, -1 + 4.0 * (count == 1 ? 0 : i / (count - 1.0)));
        }
        if (args.length > 3) {
            betas = new double[] {Double.parseDouble(args[3])};
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        List<GeneralVectorPath.Cell> cells = new GeneralVectorPath(loss, penalty, Integer.MAX_VALUE).solve(betas);
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        double maxGap = 0;
        double sumGap = 0;
        long iterations = 0;
        for (GeneralVectorPath.Cell c : cells) {
            double gap = (c.primal() - c.lower()) / Math.max(1, Math.abs(c.primal()));
            maxGap = Math.max(maxGap, gap);
            sumGap += gap;
            iterations += c.iterations();
            System.out.printf(Locale.ROOT, "  beta=%.4g primal=%.10g lower=%.10g gap=%.3e rank=%d it=%d lc=%s sc=%s%n",
                    c.beta(), c.primal(), c.lower(), gap, c.network().rank(), c.iterations(), c.lowerConverged(),
                    c.searchConverged());
        }
        System.out.printf(Locale.ROOT, "%s L=%d cells=%d cpu=%.2fs wall=%.2fs iters=%d maxGap=%.3e meanGap=%.3e%n",
                o, depth, cells.size(), cpu, wall, iterations, maxGap, sumGap / cells.size());
    }

    /** s, Z, ‖Y‖² and the unreachable loss of centred FMNIST, from the cache or computed and cached. */
    private static RotatedLoss rotatedLoss() throws IOException {
        if (!Files.exists(CACHE)) {
            SweepSpec spec = SpecReader.read(Path.of("jobs/bench-fmnist-linear.yaml"));
            Dataset data = DatasetFactory.build(spec.dataset("fmnist-full"));
            PreparedLinearData p = PreparedLinearData.fromGram(data, GramFactors.dense(data), 1e10).orElseThrow();
            RotatedLoss l = RotatedLoss.of(p);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(CACHE)))) {
                out.writeInt(l.r);
                out.writeInt(l.k);
                out.writeDouble(p.targetSquares());
                out.writeDouble(l.unreachable);
                for (double v : l.s) {
                    out.writeDouble(v);
                }
                for (double v : l.z) {
                    out.writeDouble(v);
                }
            }
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(CACHE)))) {
            int r = in.readInt();
            int k = in.readInt();
            double ySquares = in.readDouble();
            double unreachable = in.readDouble();
            double[] s = new double[r];
            double[] z = new double[r * k];
            for (int i = 0; i < r; i++) {
                s[i] = in.readDouble();
            }
            for (int i = 0; i < r * k; i++) {
                z[i] = in.readDouble();
            }
            return new RotatedLoss(s, z, k, ySquares, unreachable);
        }
    }
}
