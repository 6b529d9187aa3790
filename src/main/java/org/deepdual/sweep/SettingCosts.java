package org.deepdual.sweep;

import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Core seconds per solved cell, per setting, learned from this run's finished jobs. A setting's cells
 * cost from microseconds (closed forms) to minutes (relu2 at large n), so batches are cut by this
 * estimate rather than by count. A job's cost is taken as its wall time times the tasks it ran side by
 * side: an over-estimate when batches share the cores, which only makes batches smaller.
 */
final class SettingCosts {
    private final ConcurrentHashMap<String, double[]> perSetting = new ConcurrentHashMap<>();

    /** Adds one finished job of {@code setting}: {@code cells} cells solved in {@code coreSeconds}. */
    void record(String setting, long cells, double coreSeconds) {
        if (cells <= 0 || !(coreSeconds >= 0)) {
            return;
        }
        perSetting.compute(setting, (k, v) -> {
            double[] a = v == null ? new double[2] : v;
            a[0] += coreSeconds;
            a[1] += cells;
            return a;
        });
    }

    /** Mean core seconds per cell of {@code setting} so far, empty before its first job finished. */
    OptionalDouble secondsPerCell(String setting) {
        double[] a = perSetting.get(setting);
        if (a == null) {
            return OptionalDouble.empty();
        }
        synchronized (a) {
            return OptionalDouble.of(a[0] / a[1]);
        }
    }
}
