package org.deepdual.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.deepdual.bench.solve.SampleSummary;
import org.deepdual.report.HeadlessChromium;

/**
 * How heavy and how fast a report is, as a reader meets it: the folder's size and file count, the size of
 * {@code index.html}, the bytes of every file the page loads before the first scroll (lazily loaded figures
 * further down are not), and, over repeated loads in headless Chromium with the cache off, the time to
 * the first contentful paint, to the explorer's first render (its {@code explorer-rendered} mark; the
 * paint for a report without one) and to the load event. Medians of the runs; with two reports, the
 * second against the first as a ratio, measured in the same process one after the other.
 *
 * <p>Usage: {@code ReportLoadBenchmark [--runs N] REPORT_DIR [BASELINE_REPORT_DIR]}.
 */
public final class ReportLoadBenchmark {
    private static final String READY = "document.readyState === 'complete' && (!document.getElementById("
            + "'explorer-status') || document.body.dataset.explorerReady) && performance.getEntriesByName("
            + "'first-contentful-paint').length > 0";

    /** One report's measurements. */
    public record Result(Path dir, long folderBytes, long files, long indexBytes, long firstLoadBytes,
            List<String> firstLoadFiles, SampleSummary paintMs, SampleSummary renderMs, SampleSummary loadMs) {
    }

    private ReportLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 7;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                dirs.add(Path.of(args[i]));
            }
        }
        if (dirs.isEmpty() || dirs.size() > 2 || runs < 1) {
            System.err.println("usage: ReportLoadBenchmark [--runs N] REPORT_DIR [BASELINE_REPORT_DIR]");
            System.exit(2);
        }
        if (!HeadlessChromium.installed()) {
            System.err.println("headless Chromium not found at " + HeadlessChromium.BINARY
                    + ": install the Debian package 'chromium'");
            System.exit(1);
        }
        List<Result> results = new ArrayList<>();
        for (Path d : dirs) {
            results.add(measure(d, runs));
        }
        print(results, System.out);
    }

    /** Measures the report in {@code dir} with {@code runs} loads. */
    public static Result measure(Path dir, int runs) throws IOException {
        Path index = dir.resolve("index.html");
        if (!Files.isRegularFile(index)) {
            throw new IllegalArgumentException("REPORT_DIR " + dir + " has no index.html");
        }
        long folder = 0;
        long files = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                folder += Files.size(p);
                files++;
            }
        }
        double[] paint = new double[runs];
        double[] render = new double[runs];
        double[] load = new double[runs];
        Set<String> firstLoad = new LinkedHashSet<>();
        Path profile = Files.createTempDirectory("report-bench-");
        try (HeadlessChromium browser = HeadlessChromium.start(profile, 1280, 900)) {
            browser.recordRequests();
            browser.send("Network.setCacheDisabled", Map.of("cacheDisabled", true));
            for (int r = 0; r < runs; r++) {
                browser.open("about:blank", "true", Duration.ofSeconds(10));
                browser.clearRequests();
                browser.open(index.toUri().toString(), READY, Duration.ofSeconds(60));
                JsonNode t = browser.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                        + " const p = performance.getEntriesByName('first-contentful-paint')[0];"
                        + " const m = performance.getEntriesByName('explorer-rendered')[0];"
                        + " return {paint: p.startTime, render: m ? m.startTime : p.startTime,"
                        + " load: n.loadEventEnd}; })()");
                paint[r] = t.get("paint").asDouble();
                render[r] = t.get("render").asDouble();
                load[r] = t.get("load").asDouble();
                if (r == 0) {
                    sleep(500); // whatever the page loads by itself right after rendering, before a scroll
                    firstLoad.addAll(browser.requestedUrls());
                }
            }
        } finally {
            deleteQuietly(profile);
        }
        long bytes = 0;
        List<String> names = new ArrayList<>();
        for (String u : firstLoad) {
            if (u.startsWith("file:")) {
                Path p = Path.of(URI.create(u.replaceAll("#.*$", "")));
                if (Files.isRegularFile(p)) {
                    bytes += Files.size(p);
                    names.add(dir.relativize(p).toString());
                }
            } else if (!u.startsWith("data:") && !u.equals("about:blank")) {
                names.add("NOT LOCAL: " + u);
            }
        }
        return new Result(dir, folder, files, Files.size(index), bytes, names, SampleSummary.of(paint),
                SampleSummary.of(render), SampleSummary.of(load));
    }

    private static void print(List<Result> results, PrintStream out) {
        out.printf(Locale.ROOT, "%-40s %10s %6s %10s %12s %9s %9s %9s%n", "report", "folder KB", "files",
                "index KB", "first-load KB", "paint ms", "render ms", "load ms");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-40s %10.0f %6d %10.1f %12.1f %9.0f %9.0f %9.0f%n", r.dir(),
                    r.folderBytes() / 1024.0, r.files(), r.indexBytes() / 1024.0, r.firstLoadBytes() / 1024.0,
                    r.paintMs().median(), r.renderMs().median(), r.loadMs().median());
            List<String> f = r.firstLoadFiles();
            out.println("  first load (" + f.size() + " files): " + String.join(", ", f.subList(0, Math.min(8, f.size())))
                    + (f.size() > 8 ? ", …" : ""));
            out.printf(Locale.ROOT, "  render ms over %d runs: median %.0f, quartiles %.0f-%.0f, range %.0f-%.0f%n",
                    r.renderMs().count(), r.renderMs().median(), r.renderMs().q1(), r.renderMs().q3(),
                    r.renderMs().min(), r.renderMs().max());
        }
        if (results.size() == 2) {
            Result a = results.get(0);
            Result b = results.get(1);
            out.printf(Locale.ROOT, "ratio %s / %s: folder %.2f, index %.2f, first load %.2f, paint %.2f, "
                    + "render %.2f, load %.2f%n", a.dir(), b.dir(), a.folderBytes() / (double) b.folderBytes(),
                    a.indexBytes() / (double) b.indexBytes(), a.firstLoadBytes() / (double) b.firstLoadBytes(),
                    a.paintMs().median() / b.paintMs().median(), a.renderMs().median() / b.renderMs().median(),
                    a.loadMs().median() / b.loadMs().median());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
