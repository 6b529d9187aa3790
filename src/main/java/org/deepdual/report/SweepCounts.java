package org.deepdual.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many cells a sweep has and how they ended (docs/cli.md §Statuses): OPTIMAL (of which
 * certified by a dual value within the gap tolerance), BOUNDS and FAILED, overall and per setting.
 */
public final class SweepCounts {
    private long cells;
    private long optimal;
    private long certified;
    private long bounds;
    private long failed;
    private final Map<String, long[]> perSetting = new TreeMap<>();

    void add(CellRow row) {
        long[] s = perSetting.computeIfAbsent(row.parameters().setting(), k -> new long[5]);
        cells++;
        s[0]++;
        if (row.optimal()) {
            optimal++;
            s[1]++;
        } else if (row.bounds()) {
            bounds++;
            s[3]++;
        } else {
            // FAILED, and any status this report does not know
            failed++;
            s[4]++;
        }
        if (row.certified()) {
            certified++;
            s[2]++;
        }
    }

    public long cells() {
        return cells;
    }

    public long optimal() {
        return optimal;
    }

    public long certified() {
        return certified;
    }

    public long bounds() {
        return bounds;
    }

    public long failed() {
        return failed;
    }

    /** Per setting: {cells, OPTIMAL, certified, BOUNDS, FAILED}. */
    public Map<String, long[]> perSetting() {
        Map<String, long[]> out = new TreeMap<>();
        perSetting.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    @Override
    public String toString() {
        return cells + " cells: " + optimal + " OPTIMAL (" + certified + " certified), " + bounds + " BOUNDS, " + failed
                + " FAILED";
    }
}
