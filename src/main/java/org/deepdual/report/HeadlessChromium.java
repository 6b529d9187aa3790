package org.deepdual.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket on the loopback
 * interface, Java's own HTTP client: no driver binary, no extra library). It opens the report as a user
 * would, for the browser test and the report's load benchmark: navigate, evaluate script in the page,
 * move the mouse, take screenshots, and list every request the page made.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** Where Debian's package {@code chromium} installs the browser. */
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocket socket;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts a browser with a fresh profile in {@code profile} and a viewport of {@code width} × {@code height}
     * CSS pixels, and attaches to its page. Background networking (updates, sync, field trials) is off, so
     * the only requests are those a page makes.
     */
    public static HeadlessChromium start(Path profile, int width, int height) throws IOException {
        Files.createDirectories(profile);
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--disable-gpu",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--disable-quic", "--hide-scrollbars",
                "--mute-audio", "--disable-dev-shm-usage", "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--metrics-recording-only", "about:blank"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add(1, "--no-sandbox"); // Chromium refuses to run as root with its sandbox
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            int port = debuggingPort(profile, p);
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String ws = null;
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    ws = t.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (ws == null) {
                throw new IOException("Chromium lists no page target: " + targets);
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        while (self[0] == null) {
                            Thread.onSpinWait();
                        }
                        self[0].receive(message);
                    }
                    w.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(p, socket);
            return self[0];
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("cannot attach to headless Chromium (log: " + profile.resolve("chromium.log") + ")", e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting Chromium", e);
        }
    }

    /** The port Chromium chose, from the DevToolsActivePort file it writes into its profile. */
    private static int debuggingPort(Path profile, Process p) throws IOException, InterruptedException {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            if (!p.isAlive()) {
                throw new IOException("Chromium exited with status " + p.exitValue() + ": "
                        + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        throw new IOException("Chromium wrote no DevToolsActivePort within 30 s");
    }

    private void receive(String message) {
        try {
            JsonNode m = json.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            } else if (m.has("method")) {
                events.add(m);
            }
        } catch (IOException e) {
            // a message that is not JSON is not from the protocol: ignored
        }
    }

    /** Sends one protocol command and waits for its result; a protocol error is an exception. */
    public JsonNode send(String method, Map<String, ?> params) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode m = json.createObjectNode();
        m.put("id", id);
        m.put("method", method);
        m.set("params", json.valueToTree(params));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(json.writeValueAsString(m), true).join();
        JsonNode r;
        try {
            r = reply.get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + method, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("no reply to " + method + " within " + REPLY_TIMEOUT.toSeconds() + " s", e);
        }
        if (r.has("error")) {
            throw new IOException(method + " failed: " + r.get("error"));
        }
        return r.path("result");
    }

    /** Evaluates {@code expression} in the page (awaiting a promise) and returns its value as JSON. */
    public JsonNode evaluate(String expression) throws IOException {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IOException("script failed: " + r.get("exceptionDetails").toString() + " in: " + expression);
        }
        return r.path("result").path("value");
    }

    /** Turns on the request log ({@link #requestedUrls()}); call before {@link #open}. */
    public void recordRequests() throws IOException {
        send("Network.enable", Map.of());
    }

    /** Opens {@code url} and waits until {@code readyCondition} (a script expression) is true. */
    public void open(String url, String readyCondition, Duration timeout) throws IOException {
        send("Page.enable", Map.of());
        send("Page.navigate", Map.of("url", url));
        waitFor(readyCondition, timeout);
    }

    /** Polls {@code condition} in the page until it is true. */
    public void waitFor(String condition, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (evaluate("!!(" + condition + ")").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                // the page may be between documents while it navigates
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the page did not reach '" + condition + "' within " + timeout.toMillis() + " ms");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Moves the mouse to (x, y) in CSS pixels of the viewport. */
    public void moveMouse(double x, double y) throws IOException {
        send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
    }

    /** A PNG of the viewport. */
    public byte[] screenshot() throws IOException {
        return Base64.getDecoder().decode(send("Page.captureScreenshot", Map.of("format", "png")).path("data")
                .asText());
    }

    /** Every URL the page requested since {@link #recordRequests()}, in order. */
    public List<String> requestedUrls() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            if ("Network.requestWillBeSent".equals(e.path("method").asText())) {
                out.add(e.path("params").path("request").path("url").asText());
            }
        }
        return out;
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        events.clear();
    }

    @Override
    public void close() {
        try {
            // no reply is awaited: the browser may close before it answers
            socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\",\"params\":{}}", true)
                    .get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // the process is ended below either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.abort();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
