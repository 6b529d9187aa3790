package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deepdual.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The reference pages in docs/ are checked against the code they describe, so that they cannot drift: the
 * columns of output.md against the cells schema, the keys of spec.md against the spec's YAML shape, the
 * commands and flags of cli.md against the command line, and every "docs/theory.md §N" that the sources cite
 * against the headings of theory.md.
 */
class DocsMatchTheCodeTest {
    private static final Path DOCS = Path.of("docs");
    private static final Pattern COLUMN_ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\|", Pattern.MULTILINE);

    @Test
    void outputMdListsEveryColumnOfCellsAndNothingElse() throws IOException {
        Set<String> documented = columnsUnder(read("output.md"), "## cells/");
        assertEquals(names(CellSchema.CELLS), documented, "docs/output.md, section cells/");
    }

    @Test
    void outputMdListsEveryFieldOfATrajectoryPoint() throws IOException {
        Set<String> documented = columnsUnder(read("output.md"), "## trajectories/");
        assertTrue(documented.containsAll(names(CellSchema.TRAJECTORY_POINT)),
                "docs/output.md, section trajectories/, lacks " + missing(names(CellSchema.TRAJECTORY_POINT), documented));
    }

    @Test
    void outputMdListsEveryReducedMetric() throws IOException {
        String byBeta = section(read("output.md"), "## summary/by_beta/");
        Set<String> metrics = new TreeSet<>(SweepReducer.SCALARS);
        metrics.addAll(SweepReducer.ARRAYS);
        for (String m : metrics) {
            assertTrue(byBeta.contains("`" + m + "`"), "docs/output.md, summary/by_beta/, does not list metric " + m);
        }
    }

    @Test
    void specMdDocumentsEveryKeyTheReaderAccepts() throws IOException {
        String spec = read("spec.md");
        Set<String> keys = new TreeSet<>(SpecDocument.TOP_KEYS);
        for (Class<?> part : List.of(SpecDocument.DataDocument.class, SpecDocument.SettingDocument.class,
                SpecDocument.BaselineDocument.class, SpecDocument.DriftDocument.class)) {
            for (RecordComponent c : part.getRecordComponents()) {
                keys.add(snake(c.getName()));
            }
        }
        List<String> undocumented = keys.stream().filter(k -> !spec.contains("`" + k + "`")).toList();
        assertTrue(undocumented.isEmpty(), "docs/spec.md does not document " + undocumented);
    }

    @Test
    void cliMdDocumentsEveryCommandAndFlag() throws IOException {
        String cli = read("cli.md");
        List<String> undocumented = new ArrayList<>();
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            String name = sub.getCommandName();
            if (!cli.contains("## " + name)) {
                undocumented.add("command " + name);
            }
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (!o.usageHelp() && !o.versionHelp() && !cli.contains(o.longestName())) {
                    undocumented.add(name + " " + o.longestName());
                }
            }
        }
        assertTrue(undocumented.isEmpty(), "docs/cli.md does not document " + undocumented);
    }

    @Test
    void everyTheorySectionTheSourcesCiteExists() throws IOException {
        Set<String> headings = new TreeSet<>();
        Matcher h = Pattern.compile("^#{2,4} (\\d+(?:\\.\\d+)*)[. ]", Pattern.MULTILINE).matcher(read("theory.md"));
        while (h.find()) {
            headings.add(h.group(1));
        }
        Pattern cite = Pattern.compile("docs/theory\\.md §(\\d+(?:\\.\\d+)*)");
        Set<String> dangling = new TreeSet<>();
        for (Path f : sources()) {
            Matcher m = cite.matcher(Files.readString(f));
            while (m.find()) {
                if (!headings.contains(m.group(1))) {
                    dangling.add(m.group(1) + " (" + f + ")");
                }
            }
        }
        assertTrue(headings.size() > 20, "headings found in docs/theory.md: " + headings);
        assertTrue(dangling.isEmpty(), "cited sections with no heading in docs/theory.md: " + dangling);
    }

    @Test
    void nothingPointsAtTheTeamsInternalDocuments() throws IOException {
        Pattern internal = Pattern.compile("\\b(math|contracts|stack|style|anchors)\\.md\\b|\\.\\./shared");
        List<String> hits = new ArrayList<>();
        List<Path> files = new ArrayList<>(sources());
        files.add(Path.of("README.md"));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (internal.matcher(lines.get(i)).find()) {
                    hits.add(f + ":" + (i + 1));
                }
            }
        }
        assertTrue(hits.isEmpty(), "references to documents a user does not have: " + hits);
    }

    private static List<Path> sources() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String root : List.of("src", "jobs", "conf", "deploy", "pom.xml")) {
            try (Stream<Path> s = Files.walk(Path.of(root))) {
                s.filter(Files::isRegularFile).filter(DocsMatchTheCodeTest::isText)
                        .filter(p -> !p.equals(Path.of("src/test/java/org/deepdual/sweep/DocsMatchTheCodeTest.java")))
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** Sources, scripts and configuration; not images or data. */
    private static boolean isText(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 || Set.of("java", "yaml", "yml", "xml", "conf", "properties", "args", "sh", "py", "md", "txt",
                "template").contains(name.substring(dot + 1));
    }

    private static String read(String page) throws IOException {
        return Files.readString(DOCS.resolve(page));
    }

    /** The text from {@code heading} to the next heading of the same or a higher level. */
    private static String section(String text, String heading) {
        int start = text.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "no heading '" + heading + "'");
        int next = text.indexOf("\n## ", start + heading.length() + 1);
        return text.substring(start, next < 0 ? text.length() : next);
    }

    private static Set<String> columnsUnder(String text, String heading) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = COLUMN_ROW.matcher(section(text, heading));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> names(StructType schema) {
        Set<String> out = new LinkedHashSet<>();
        for (StructField f : schema.fields()) {
            out.add(f.name());
        }
        return out;
    }

    private static Set<String> missing(Set<String> wanted, Set<String> have) {
        Set<String> out = new TreeSet<>(wanted);
        out.removeAll(have);
        return out;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
