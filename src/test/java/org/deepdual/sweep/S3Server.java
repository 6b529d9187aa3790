package org.deepdual.sweep;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * An S3-compatible server on 127.0.0.1 for the object-store tests: S3Proxy with jclouds' in-memory
 * {@code transient} backend (the {@code filesystem} one answers a HEAD of a "directory" key as a file, unlike
 * S3; {@code transient-nio2} fails deletes of non-empty prefixes with 500 and lists objects without a size).
 * Unknown headers are ignored: the AWS SDK's checksum headers otherwise make S3A's multi-object delete a
 * 501, which leaves the committer's {@code __magic_job-*} directories behind. It runs in a
 * child JVM (its jar with dependencies, copied to target/s3proxy/ by the build, brings its own Netty, Jetty,
 * Jackson and logback, which must stay off Spark's classpath). One per test JVM, started on first use and
 * stopped at exit. Its credentials are random per start, so that a test can look for the secret anywhere.
 */
final class S3Server {
    static final String BUCKET = "deepdual";
    private static S3Server instance;

    final int port;
    final String accessKey = "AK" + UUID.randomUUID().toString().replace("-", "").substring(0, 18).toUpperCase();
    final String secretKey = "SK" + UUID.randomUUID().toString().replace("-", "");
    final Path dir;
    private final Process process;

    private S3Server(Path dir) throws IOException {
        this.dir = dir;
        this.port = freePort();
        Path props = dir.resolve("s3proxy.conf");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.ignore-unknown-headers=true",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=transient",
                "jclouds.identity=local",
                "jclouds.credential=local",
                ""));
        Path jar = Path.of(System.getProperty("deepdual.project.dir", "."), "target", "s3proxy", "s3proxy.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it (mvn process-test-resources)");
        }
        List<String> cmd = List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--properties", props.toString());
        this.process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        awaitListening();
        createBucket();
    }

    private void createBucket() {
        try (software.amazon.awssdk.services.s3.S3Client client = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(java.net.URI.create(endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(accessKey, secretKey)))
                .build()) {
            client.createBucket(b -> b.bucket(BUCKET));
        }
    }

    static synchronized S3Server get() {
        if (instance == null) {
            try {
                instance = new S3Server(Files.createTempDirectory("deepdual-s3"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The S3A settings of this server without credentials (a test passes those separately). */
    Map<String, String> connection() {
        return Map.of(
                "fs.s3a.endpoint", endpoint(),
                "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.path.style.access", "true",
                "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.attempts.maximum", "2",
                "fs.s3a.retry.limit", "2");
    }

    /** What {@code spark.hadoop.fs.s3a.*} would set: the connection and the credentials. */
    void configure(Configuration conf) {
        connection().forEach(conf::set);
        conf.set("fs.s3a.access.key", accessKey);
        conf.set("fs.s3a.secret.key", secretKey);
    }

    /** A fresh {@code s3a://} location in the bucket. */
    String location(String name) {
        return "s3a://" + BUCKET + "/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    Path log() {
        return dir.resolve("s3proxy.log");
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited (" + process.exitValue() + "):\n"
                        + Files.readString(log()));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("s3proxy did not listen on " + port + " in 90 s:\n" + Files.readString(log()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
