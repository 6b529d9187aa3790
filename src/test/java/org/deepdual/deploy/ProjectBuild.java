package org.deepdual.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the deployment files must agree with, read from the build itself: the pom's coordinates and
 * Spark version, the JVM flags of conf/spark-jvm.args, and the netlib LAPACK jar on the test classpath.
 */
record ProjectBuild(Path root, String artifactId, String version, String sparkVersion, String scalaBinary,
        String mainClass) {

    static ProjectBuild read() {
        Path root = Path.of(System.getProperty("deepdual.project.dir", System.getProperty("user.dir")));
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            Document pom = f.newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
            Element project = pom.getDocumentElement();
            Element props = child(project, "properties");
            return new ProjectBuild(root, text(child(project, "artifactId")), text(child(project, "version")),
                    text(child(props, "spark.version")), text(child(props, "scala.binary.version")),
                    text(child(props, "main.class")));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + root.resolve("pom.xml"), e);
        }
    }

    /** The image every manifest runs: artifactId:version. */
    String image() {
        return artifactId + ":" + version;
    }

    /** Where the Dockerfile puts the slim shaded jar, as Spark on Kubernetes addresses it (no version: the tag has it). */
    String jarUri() {
        return "local:///opt/deepdual/" + artifactId + "-all.jar";
    }

    /** The driver's JVM flags inside the image: conf/spark-jvm.args as a java argument file. */
    static String imageJvmArgsFile() {
        return "@/opt/deepdual/conf/spark-jvm.args";
    }

    /** conf/spark-jvm.args as a list of flags (comments and blank lines dropped). */
    List<String> jvmArgs() {
        try {
            return Files.readAllLines(root.resolve("conf/spark-jvm.args")).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** conf/profiles/NAME.conf as key to value (Spark properties-file syntax: key, whitespace, value). */
    Map<String, String> profile(String name) {
        Map<String, String> out = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(root.resolve("conf/profiles/" + name + ".conf"))) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    String[] kv = l.split("\\s+", 2);
                    out.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The version of dev.ludovic.netlib:lapack the build resolved (from the jar the class was loaded from). */
    static String netlibLapackVersion() throws ClassNotFoundException {
        String location = Class.forName("dev.ludovic.netlib.lapack.LAPACK").getProtectionDomain().getCodeSource()
                .getLocation().getPath();
        String file = location.substring(location.lastIndexOf('/') + 1);
        if (!file.matches("lapack-[0-9.]+\\.jar")) {
            throw new IllegalStateException("unexpected netlib lapack jar " + location);
        }
        return file.substring("lapack-".length(), file.length() - ".jar".length());
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException("pom.xml has no <" + name + "> under <" + parent.getTagName() + ">");
    }

    private static String text(Element e) {
        return e.getTextContent().strip();
    }
}
