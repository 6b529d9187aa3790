package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep you can watch, run as a user would with deploy/bin/deepdual: while it runs its UI listens on
 * loopback only and serves the driver's Prometheus metrics (the PrometheusServlet of conf/metrics.properties);
 * it leaves its event log in OUTPUT/_events/ without disturbing the output (a resume still finds every
 * cell done); and deploy/bin/history OUTPUT serves both runs on 127.0.0.1 only, with every job described and
 * the run's cell counters (the accumulators deepdual.cells and deepdual.failed) on its stages.
 */
class WatchableSweepIT {
    private static final ProjectBuild BUILD = ProjectBuild.read();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void aSweepIsWatchedWhileItRunsAndInspectedInTheHistoryServerAfterwards() throws Exception {
        Path out = tmp.resolve("out");
        Path spec = Files.writeString(tmp.resolve("tiny.yaml"), String.join("\n",
                "name: tiny", "output: " + out,
                "data:", "  - {name: r1, generator: rank-one, n: 8, d: 3, seed: 2}",
                "settings:", "  - {name: relu-rank1, data: [r1], depth: [2], objective: [wd]}",
                "beta: {logspace: [1.0e-2, 1.0e+1], count: 3}", "seeds: [0]", "cell_timeout_s: 20",
                "spark: {spark.ui.prometheus.enabled: \"true\", spark.metrics.conf: " + BUILD.root().resolve("conf/metrics.properties") + "}",
                ""));
        String launcher = BUILD.root().resolve("deploy/bin/deepdual").toString();
        // the first run only computes (the resume below reduces): the reducer's minute is not what is tested here
        Process sweep = ScriptRun.start(tmp, Map.of(), launcher, "sweep", spec.toString(), "--no-report", "--no-reduce");
        Optional<String> metrics = scrapeDriverMetricsWhileRunning(sweep);
        ScriptRun first = ScriptRun.finish(sweep);
        assertEquals(0, first.exit(), first.out());
        assertTrue(metrics.isPresent(), "the running sweep's UI served no Prometheus metrics: " + first.out());
        assertTrue(metrics.get().contains("_driver_BlockManager_memory_maxMem_MB"), metrics.get());
        assertEquals(1, eventLogs(out).size(), "one event log per run in OUTPUT/_events: " + eventLogs(out));

        ScriptRun resume = ScriptRun.run(tmp, Map.of(), launcher, "sweep", spec.toString(), "--no-report");
        assertEquals(0, resume.exit(), resume.out());
        assertTrue(resume.out().contains("sweep tiny: 0 cells computed (0 failed), 3 already present"),
                "_events/ beside cells/ does not disturb resume: " + resume.out());
        assertTrue(Files.readAllLines(out.resolve("summary.csv")).size() > 1, "the reducer reads cells/ beside _events/");
        assertEquals(2, eventLogs(out).size(), eventLogs(out).toString());

        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Process history = ScriptRun.start(tmp, Map.of(), BUILD.root().resolve("deploy/bin/history").toString(), out.toString(),
                "--port", String.valueOf(port));
        try {
            JsonNode apps = applications(history, port);
            assertEquals(2, apps.size(), apps.toString());
            int batches = 0;
            for (JsonNode app : apps) {
                assertEquals("deepdual sweep tiny", app.path("name").asText());
                assertTrue(app.path("attempts").get(0).path("completed").asBoolean(), app.toString());
                boolean computed = assertEveryJobIsDescribed(port, app.path("id").asText());
                // the first run computed the three cells in one batch; the resume found them done
                assertCounted(port, app.path("id").asText(), computed ? 3 : 0, 0);
                batches += computed ? 1 : 0;
            }
            assertEquals(1, batches, "one of the two runs ran a batch");
            List<LoopbackSockets.Listening> listening = LoopbackSockets.of(history.pid());
            assertTrue(listening.stream().anyMatch(l -> l.port() == port), "the History Server listens on " + port + ": " + listening);
            assertEquals(List.of(), listening.stream().filter(l -> !l.loopback()).toList(), "the History Server listens beyond loopback");
        } finally {
            history.destroy();
            history.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Every job of a run carries a description naming what it does, including the jobs Spark SQL starts from
     * its own threads (without one, the History Server names those by the call site
     * {@code $anonfun$withThreadLocalCaptured$1 at CompletableFuture.java}). True when the run ran a batch.
     */
    private static boolean assertEveryJobIsDescribed(int port, String app) throws Exception {
        JsonNode jobs = json(port, "/api/v1/applications/" + app + "/jobs");
        assertTrue(jobs.size() > 0, app + " has no jobs");
        boolean batch = false;
        for (JsonNode job : jobs) {
            String description = job.path("description").asText("");
            assertTrue(description.matches("(sweep tiny|reduce .*/out|summary table of .*/out)\\b.*"),
                    "job without a description: " + job);
            if (description.contains(" batch ")) {
                assertTrue(description.matches("sweep tiny batch 1: 3 cells of 1 path; at submission "
                        + "[0-9.]+ cells/s, 0/3 cells, 0 failed"), description);
                batch = true;
            }
        }
        return batch;
    }

    /** The run's named accumulators as the History Server's stage pages show them: exact, and the same as the run said. */
    private static void assertCounted(int port, String app, long cells, long failed) throws Exception {
        JsonNode stages = json(port, "/api/v1/applications/" + app + "/stages");
        assertEquals(cells, accumulator(stages, "deepdual.cells"), stages.toString());
        assertEquals(failed, accumulator(stages, "deepdual.failed"), stages.toString());
    }

    /**
     * The accumulator's final value: a stage shows the value it had when that stage last updated it, so the
     * largest over the stages (0 when no stage counted anything).
     */
    private static long accumulator(JsonNode stages, String name) {
        long max = 0;
        for (JsonNode stage : stages) {
            for (JsonNode a : stage.path("accumulatorUpdates")) {
                if (name.equals(a.path("name").asText())) {
                    max = Math.max(max, Long.parseLong(a.path("value").asText()));
                }
            }
        }
        return max;
    }

    private static JsonNode json(int port, String path) throws Exception {
        Optional<String> body = get("http://127.0.0.1:" + port + path);
        assertTrue(body.isPresent(), "no answer from " + path);
        return new ObjectMapper().readTree(body.get());
    }

    /** Polls every port the driver listens on (all must be loopback) for /metrics/prometheus/ until it answers or the run ends. */
    private static Optional<String> scrapeDriverMetricsWhileRunning(Process driver) throws Exception {
        while (driver.isAlive()) {
            List<LoopbackSockets.Listening> listening = LoopbackSockets.of(driver.pid());
            assertEquals(List.of(), listening.stream().filter(l -> !l.loopback()).toList(), "the sweep listens beyond loopback");
            for (LoopbackSockets.Listening l : listening) {
                Optional<String> body = get("http://127.0.0.1:" + l.port() + "/metrics/prometheus/");
                if (body.isPresent() && body.get().contains("_driver_")) {
                    return body;
                }
            }
            Thread.sleep(500);
        }
        return Optional.empty();
    }

    private static JsonNode applications(Process history, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode apps = new ObjectMapper().createArrayNode();
        while (System.nanoTime() < deadline && history.isAlive()) {
            Optional<String> body = get("http://127.0.0.1:" + port + "/api/v1/applications");
            if (body.isPresent()) {
                apps = new ObjectMapper().readTree(body.get());
                if (apps.size() >= 2) {
                    return apps;
                }
            }
            Thread.sleep(1000);
        }
        assertTrue(history.isAlive(), "deploy/bin/history exited: " + new String(history.getInputStream().readAllBytes()));
        return apps;
    }

    private static Optional<String> get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static List<Path> eventLogs(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out.resolve("_events"))) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
