package org.deepdual.bench.sweep;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An S3-compatible server on 127.0.0.1 for the commit benchmark: S3Proxy (the jar with dependencies the build
 * copies to target/s3proxy/ for the tests) with jclouds' in-memory {@code transient} backend, in a child JVM,
 * without authentication (it holds nothing but the benchmark's throw-away output), one bucket. S3A reaches it
 * with anonymous credentials through {@link #settings()}.
 */
final class LocalS3Proxy implements AutoCloseable {
    static final String BUCKET = "bench";
    private final int port;
    private final Process process;
    private final Path log;

    private LocalS3Proxy(Path jar, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path props = dir.resolve("s3proxy.conf");
        Files.writeString(props, String.join("\n", "s3proxy.endpoint=" + endpoint(), "s3proxy.authorization=none",
                // the AWS SDK's checksum headers otherwise fail S3A's multi-object deletes
                "s3proxy.ignore-unknown-headers=true", "jclouds.provider=transient", "jclouds.identity=local",
                "jclouds.credential=local", ""));
        log = dir.resolve("s3proxy.log");
        process = new ProcessBuilder(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator
                + "java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--properties", props.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitListening();
            createBucket();
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Starts S3Proxy from {@code jar}, keeping its configuration and log in {@code dir}. */
    static LocalS3Proxy start(Path jar, Path dir) throws IOException, InterruptedException {
        return new LocalS3Proxy(jar, dir);
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The Spark settings that point S3A at this server. */
    Map<String, String> settings() {
        return Map.of(
                "spark.hadoop.fs.s3a.endpoint", endpoint(),
                "spark.hadoop.fs.s3a.endpoint.region", "us-east-1",
                "spark.hadoop.fs.s3a.path.style.access", "true",
                "spark.hadoop.fs.s3a.connection.ssl.enabled", "false",
                "spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider");
    }

    private void createBucket() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint() + "/"
                + BUCKET)).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("S3Proxy did not create bucket " + BUCKET + ": HTTP " + r.statusCode() + " "
                    + r.body());
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited (" + process.exitValue() + "):\n" + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("S3Proxy did not listen on " + port + " in 90 s; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
