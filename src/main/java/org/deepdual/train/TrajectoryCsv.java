package org.deepdual.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Writes a trajectory as CSV with a header row. Columns: {@code iteration, elapsed_ms, objective,
 * fro_1..fro_L, op_1..op_L, stable_rank_1..stable_rank_L, align_top1_1..align_top1_{L−1}, nc1,
 * nc2_etf_dev, nc3_centered}. Numbers are written in Java's shortest round-trip form; NaN as
 * {@code NaN}; the NC columns are empty when the data has no labels.
 */
public final class TrajectoryCsv {
    private TrajectoryCsv() {
    }

    public static void write(List<TrajectoryPoint> points, Path file) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("trajectory is empty; nothing to write to " + file);
        }
        int depth = points.get(0).depth();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(header(depth));
            out.newLine();
            for (TrajectoryPoint p : points) {
                if (p.depth() != depth) {
                    throw new IllegalArgumentException("trajectory mixes depths " + depth + " and " + p.depth());
                }
                out.write(row(p));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trajectory to " + file, e);
        }
    }

    static String header(int depth) {
        StringBuilder sb = new StringBuilder("iteration,elapsed_ms,objective");
        for (String name : new String[] {"fro", "op", "stable_rank"}) {
            for (int l = 1; l <= depth; l++) {
                sb.append(',').append(name).append('_').append(l);
            }
        }
        for (int l = 1; l < depth; l++) {
            sb.append(",align_top1_").append(l);
        }
        return sb.append(",nc1,nc2_etf_dev,nc3_centered").toString();
    }

    private static String row(TrajectoryPoint p) {
        StringBuilder sb = new StringBuilder();
        sb.append(p.iteration()).append(',').append(p.elapsedNanos() / 1e6).append(',').append(p.objective());
        for (double[] column : new double[][] {p.fro(), p.op(), p.stableRank(), p.alignTop1()}) {
            for (double v : column) {
                sb.append(',').append(v);
            }
        }
        for (OptionalDouble v : new OptionalDouble[] {p.nc1(), p.nc2EtfDev(), p.nc3Centered()}) {
            sb.append(',');
            if (v.isPresent()) {
                sb.append(v.getAsDouble());
            }
        }
        return sb.toString();
    }
}
