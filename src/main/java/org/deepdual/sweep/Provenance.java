package org.deepdual.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.InetAddress;
import java.util.Properties;
import org.deepdual.linalg.LinalgBackend;

/**
 * Where a result came from (Tribuo-style provenance): deepdual version and git commit, Java and
 * Spark versions, the BLAS and LAPACK implementation that ran, and the host.
 */
public record Provenance(String version, String commit, String java, String spark, String blas, String lapack,
        String host) implements Serializable {

    private static volatile Provenance current;

    /** This JVM's provenance (computed once). */
    public static Provenance current() {
        Provenance p = current;
        if (p == null) {
            Properties props = new Properties();
            try (InputStream in = Provenance.class.getResourceAsStream("/deepdual-version.properties")) {
                if (in != null) {
                    props.load(in);
                }
            } catch (IOException e) {
                // provenance is best-effort; the fields say "unknown" below
            }
            String commit = props.getProperty("commit", "unknown");
            if (commit.startsWith("${")) {
                commit = "unknown";
            }
            if ("true".equals(props.getProperty("dirty"))) {
                commit = commit + "-dirty";
            }
            p = new Provenance(props.getProperty("version", "unknown"), commit, System.getProperty("java.version"),
                    sparkVersion(), LinalgBackend.blas(), LinalgBackend.lapack(), hostName());
            current = p;
        }
        return p;
    }

    private static String sparkVersion() {
        try {
            return (String) Class.forName("org.apache.spark.package$").getField("MODULE$").getType()
                    .getMethod("SPARK_VERSION").invoke(Class.forName("org.apache.spark.package$").getField("MODULE$")
                            .get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "unavailable";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
