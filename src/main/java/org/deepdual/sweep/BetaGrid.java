package org.deepdual.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The β values of a grid (docs/spec.md): a list of values, one value, or
 * {@code {logspace: [lo, hi], count: N}} with N values geometrically spaced from lo to hi (the bounds
 * are β values, not exponents). Each β is finite and ≥ 0.
 */
final class BetaGrid {
    private BetaGrid() {
    }

    /** N values from lo to hi, equal ratios; the end points are exact. StrictMath keeps ids identical on every JVM. */
    static List<Double> logspace(double lo, double hi, int count) {
        List<Double> out = new ArrayList<>(count);
        if (count == 1) {
            out.add(lo);
            return out;
        }
        double logLo = StrictMath.log(lo);
        double step = (StrictMath.log(hi) - logLo) / (count - 1);
        for (int i = 0; i < count; i++) {
            out.add(i == 0 ? lo : i == count - 1 ? hi : StrictMath.exp(logLo + i * step));
        }
        return out;
    }

    static Optional<List<Double>> parse(JsonNode node, String path, SpecValidator v) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            return Optional.of(List.of(check(node, path, v)));
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw v.fail(path, "the beta grid is empty", "[]");
            }
            List<Double> out = new ArrayList<>();
            Set<Double> seen = new HashSet<>();
            for (int j = 0; j < node.size(); j++) {
                double b = check(node.get(j), path + "[" + j + "]", v);
                if (!seen.add(b)) {
                    throw v.fail(path + "[" + j + "]", "listed twice", String.valueOf(b));
                }
                out.add(b);
            }
            return Optional.of(out);
        }
        if (node.isObject()) {
            return Optional.of(logspace(node, path, v));
        }
        throw v.fail(path, "expected a list of numbers or {logspace: [lo, hi], count: N}", SpecReader.show(node));
    }

    private static List<Double> logspace(JsonNode node, String path, SpecValidator v) {
        for (String key : SpecReader.keys(node)) {
            if (!key.equals("logspace") && !key.equals("count")) {
                throw v.fail(path + "." + key, "unknown key '" + key + "'; known keys here: count, logspace",
                        SpecReader.show(node.get(key)));
            }
        }
        JsonNode bounds = node.get("logspace");
        if (bounds == null) {
            throw v.fail(path + ".logspace", "required key missing", "(nothing)");
        }
        if (!bounds.isArray() || bounds.size() != 2) {
            throw v.fail(path + ".logspace", "expected two beta values [lo, hi]", SpecReader.show(bounds));
        }
        double lo = check(bounds.get(0), path + ".logspace[0]", v);
        double hi = check(bounds.get(1), path + ".logspace[1]", v);
        if (lo <= 0) {
            throw v.fail(path + ".logspace[0]", "logspace bounds must be > 0 (they are beta values)",
                    String.valueOf(lo));
        }
        if (hi <= 0) {
            throw v.fail(path + ".logspace[1]", "logspace bounds must be > 0 (they are beta values)",
                    String.valueOf(hi));
        }
        JsonNode count = node.get("count");
        if (count == null) {
            throw v.fail(path + ".count", "required key missing", "(nothing)");
        }
        if (!count.isIntegralNumber() || !count.canConvertToInt()) {
            throw v.fail(path + ".count", "expected an integer", SpecReader.show(count));
        }
        if (count.intValue() < 1) {
            throw v.fail(path + ".count", "the beta grid is empty: count must be >= 1", count.asText());
        }
        if (count.intValue() > 1 && lo == hi) {
            throw v.fail(path + ".logspace", "lo = hi gives " + count.intValue() + " equal betas",
                    SpecReader.show(bounds));
        }
        return logspace(lo, hi, count.intValue());
    }

    private static double check(JsonNode n, String path, SpecValidator v) {
        if (n == null || !n.isNumber()) {
            throw v.fail(path, "expected a number", SpecReader.show(n));
        }
        double b = n.doubleValue();
        if (!Double.isFinite(b) || b < 0) {
            throw v.fail(path, "beta must be a finite number >= 0", n.asText());
        }
        return b == 0 ? 0.0 : b; // -0.0 and 0.0 are one cell
    }
}
