package org.deepdual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.SharedSpark;
import org.deepdual.sweep.SpecReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, bad input end to end: every refusal goes through {@code Main.commandLine().execute}, exits 2
 * with one message naming the field or the file, and no Spark job starts. "No job" is checked with a
 * listener on the shared session and a sentinel job: the listener bus delivers events in order, so once the
 * sentinel's start has arrived, any job the bad command had started would have arrived before it.
 * The unit-level refusals (SpecReaderTest, CsvTest, IdxTest, SolveCommandTest) are not repeated here.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static Path out;
    static final JobWatch JOBS = new JobWatch();
    static SparkSession shared;

    @BeforeAll
    static void watchJobs() {
        shared = SharedSpark.get();
        shared.sparkContext().addSparkListener(JOBS);
        out = dir.resolve("results");
    }

    @AfterAll
    static void unwatch() {
        shared.sparkContext().removeSparkListener(JOBS);
    }

    /** A valid spec: a linear sub-grid on a Gaussian data set; the cases change one line of it. */
    static String valid() {
        return String.join("\n",
                "name: bad-input",
                "output: " + out,
                "data:",
                "  - name: gauss",
                "    generator: gaussian",
                "    n: 10",
                "    d: 4",
                "    seed: 1",
                "settings:",
                "  - name: linear",
                "    data: [gauss]",
                "    depth: [2, 3]",
                "    objective: [wd, tc]",
                "beta: [0.1, 1.0]",
                "t: [1.0]",
                "seeds: [0]",
                "");
    }

    static Function<Path, String> edit(String from, String to) {
        return d -> {
            String v = valid();
            assertTrue(v.contains(from), "test setup: the valid spec contains " + from);
            return v.replace(from, to);
        };
    }

    /** A csv data set at {@code file} (written with {@code content}) instead of the Gaussian one. */
    static Function<Path, String> csvData(String file, String content, String extra) {
        return d -> {
            Path p = d.resolve(file);
            try {
                if (content != null) {
                    Files.writeString(p, content);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return valid().replace("    generator: gaussian\n    n: 10\n    d: 4\n    seed: 1\n",
                    "    generator: csv\n    path: " + p + "\n" + extra);
        };
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of("malformed YAML", edit("depth: [2, 3]", "depth: [2, 3"), List.of("line", "column")),
                Arguments.of("not a mapping", (Function<Path, String>) d -> "- just\n- a list\n",
                        List.of("a spec is a YAML mapping")),
                Arguments.of("empty file", (Function<Path, String>) d -> "", List.of("an empty document")),
                Arguments.of("unknown key", edit("seeds: [0]", "seeds: [0]\nseedz: [1]"), List.of("seedz", "unknown key")),
                Arguments.of("missing key", edit("name: bad-input\n", ""), List.of("name", "required key missing")),
                Arguments.of("wrong type", edit("depth: [2, 3]", "depth: two"), List.of("settings[0].depth", "two")),
                Arguments.of("beta negative", edit("beta: [0.1, 1.0]", "beta: [-0.1, 1.0]"), List.of("beta[0]", "-0.1")),
                Arguments.of("beta NaN", edit("beta: [0.1, 1.0]", "beta: [.nan]"), List.of("beta[0]", "NaN")),
                Arguments.of("beta infinite", edit("beta: [0.1, 1.0]", "beta: [-.inf]"), List.of("beta[0]", "Infinity")),
                Arguments.of("L < 2", edit("depth: [2, 3]", "depth: [0]"), List.of("settings[0].depth[0]", "got 0")),
                Arguments.of("L > 1000", edit("depth: [2, 3]", "depth: [100000]"),
                        List.of("settings[0].depth[0]", "100000")),
                Arguments.of("t = 0", edit("t: [1.0]", "t: [0.0]"), List.of("t[0]", "0.0")),
                Arguments.of("t < 0", edit("t: [1.0]", "t: [-2]"), List.of("t[0]", "-2")),
                // a width of 1 or more that a cell's solution cannot fit is only known after the solve (it depends
                // on beta): a FAILED row naming both widths (sweep.NarrowWidthSweepTest); below 1 fits no setting
                Arguments.of("width below any rank (0)", edit("seeds: [0]", "seeds: [0]\nwidth: [4, 0]"),
                        List.of("width[1]", "must be >= 1", "0")),
                Arguments.of("setting width negative", edit("    objective: [wd, tc]\n", "    objective: [wd, tc]\n"
                        + "    width: [-3]\n"), List.of("settings[0].width[0]", "-3")),
                Arguments.of("empty grid", edit("beta: [0.1, 1.0]", "beta: []"), List.of("beta", "empty")),
                Arguments.of("grid above max_cells", edit("seeds: [0]", "seeds: [0]\nmax_cells: 5"),
                        List.of("max_cells", "more than max_cells = 5", "--force")),
                Arguments.of("duplicate data set names",
                        edit("settings:", "  - name: gauss\n    generator: gaussian\n    n: 5\n    d: 3\nsettings:"),
                        List.of("data[1].name", "duplicate data set name", "gauss")),
                Arguments.of("custom YAML tag", edit("name: bad-input", "name: !!java.lang.Runtime {}"),
                        List.of("line 1", "java.lang.Runtime")),
                Arguments.of("application tag", edit("seeds: [0]", "seeds: !evil [0]"), List.of("!evil")),
                Arguments.of("output is a regular file", (Function<Path, String>) d -> {
                    Path f = d.resolve("a-file");
                    write(f, "x");
                    return valid().replace("output: " + out, "output: " + f);
                }, List.of("output", "is a regular file")),
                Arguments.of("output under a regular file", (Function<Path, String>) d -> {
                    Path f = d.resolve("b-file");
                    write(f, "x");
                    return valid().replace("output: " + out, "output: " + f.resolve("sub/dir"));
                }, List.of("output", "lies under the regular file", "b-file")),
                Arguments.of("data file missing", csvData("absent.csv", null, ""),
                        List.of("data[0]", "absent.csv", "does not exist")),
                Arguments.of("data file empty", csvData("empty.csv", "", ""), List.of("data[0]", "empty.csv")),
                Arguments.of("data file ragged", csvData("ragged.csv", "1,2,3\n4,5\n6,7,8\n", "    header: false\n"),
                        List.of("data[0]", "ragged.csv", "row 2")),
                Arguments.of("data file with NaN", csvData("nan.csv", "1,2\n3,NaN\n5,6\n", "    header: false\n"),
                        List.of("data[0]", "nan.csv", "row 2, column 2")),
                Arguments.of("data file with Inf", csvData("inf.csv", "1,2\nInfinity,4\n5,6\n", "    header: false\n"),
                        List.of("data[0]", "inf.csv", "row 2, column 1")),
                Arguments.of("labels out of range", csvData("range.csv", "0,1,2\n1,3,4\n5,5,6\n",
                        "    header: false\n    label_column: 0\n    classes: 2\n"),
                        List.of("data[0]", "range.csv", "label 5 is out of range")),
                Arguments.of("a class with no sample", csvData("gap.csv", "0,1,2\n2,3,4\n0,5,6\n2,1,1\n",
                        "    header: false\n    label_column: 0\n"),
                        List.of("data[0]", "gap.csv", "class 1", "no sample")),
                Arguments.of("relu-whitened on rows that are not orthonormal",
                        edit("  - name: linear", "  - name: relu-whitened").andThen(s -> s.replace(
                                "    objective: [wd, tc]\n", "")),
                        List.of("settings[0].data[0]", "relu-whitened needs whitened data")),
                Arguments.of("Fashion-MNIST path that is not IDX", (Function<Path, String>) d -> {
                    Path idx = d.resolve("not-idx");
                    try {
                        Files.createDirectories(idx);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    write(idx.resolve("train-images-idx3-ubyte"), "<html>not a data set</html>");
                    write(idx.resolve("train-labels-idx1-ubyte"), "<html>nor this</html>");
                    return valid().replace("    generator: gaussian\n    n: 10\n    d: 4\n    seed: 1\n",
                            "    generator: idx\n    path: " + idx + "\n");
                }, List.of("data[0]", "train-images-idx3-ubyte", "is not an IDX file")));
    }

    static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void aBadSpecExitsTwoNamingTheFieldBeforeAnySparkJob(String what, Function<Path, String> spec,
            List<String> fragments) throws Exception {
        Path case_ = Files.createTempDirectory(dir, "case");
        Path file = case_.resolve("spec.yaml");
        Files.writeString(file, spec.apply(case_));
        Run r = assertNoSparkJob(() -> run("sweep", file.toString()));
        assertEquals(2, r.exit(), what + ": stderr " + r.err());
        assertTrue(r.err().startsWith("deepdual: error: " + file), "names the spec file: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), what + ": the message names '" + f + "': " + r.err());
        }
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        assertFalse(Files.exists(out), "nothing was written to the output");
    }

    @Test
    void aGridAboveMaxCellsRunsWithForceOnlyAsFarAsTheDryRun() throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, valid().replace("seeds: [0]", "seeds: [0]\nmax_cells: 5"));
        // the dry run times a mini sweep in a temporary directory (Spark jobs), and writes nothing to the output
        Run dry = run("sweep", file.toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertFalse(shared.sparkContext().isStopped(), "the dry run leaves a running session running");
        assertFalse(Files.exists(Path.of(SpecReader.read(file).output())), "the dry run wrote nothing");
        assertTrue(dry.out().contains("8 cells in 4 beta paths"), "the dry run counts the cells: " + dry.out());
        assertTrue(dry.out().contains("8 cells exceed max_cells = 5; a run needs --force"), dry.out());
    }

    static Stream<Arguments> badSolveData() {
        return Stream.of(
                Arguments.of("x missing", "--x", null, "--x"),
                Arguments.of("x empty", "--x", "", "--x"),
                Arguments.of("x with NaN", "--x", "1,0,1\n0,NaN,0\n1,1,0\n0,0,1\n", "row 2, column 2"),
                Arguments.of("x with Inf", "--x", "1,0,1\n0,2,0\n1,-Infinity,0\n0,0,1\n", "row 3, column 2"),
                Arguments.of("y ragged", "--y", "1\n-1,2\n2\n0.5\n", "--y"),
                Arguments.of("y with fewer rows", "--y", "1\n-1\n", "--y"),
                Arguments.of("labels out of range", "--labels", "0\n1\n-3\n1\n", "--labels"),
                Arguments.of("labels not integers", "--labels", "0\n1\n0.5\n1\n", "--labels"),
                Arguments.of("labels with a class without sample", "--labels", "0\n3\n0\n3\n", "class 1"),
                Arguments.of("relu-whitened on rows that are not orthonormal", "--setting", "relu-whitened", "--x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSolveData")
    void badDataFilesForSolveExitTwoNamingTheOptionAndFile(String what, String option, String content,
            String fragment) throws Exception {
        Path x = dir.resolve("solve-x.csv");
        Files.writeString(x, "1,0,1\n0,2,0\n1,1,0\n0,0,1\n");
        Path y = dir.resolve("solve-y.csv");
        Files.writeString(y, "1\n-1\n2\n0.5\n");
        List<String> args = new ArrayList<>(List.of("solve", "--setting", "linear", "--objective", "wd", "--beta",
                "0.5", "--depth", "3", "--x", x.toString(), "--y", y.toString()));
        Path bad = dir.resolve("bad-" + what.replace(' ', '-') + ".csv");
        if (option.equals("--setting")) {
            args.set(args.indexOf("--setting") + 1, content);
        } else {
            if (content != null) {
                Files.writeString(bad, content);
            }
            if (option.equals("--labels")) {
                int at = args.indexOf("--y");
                args.set(at, "--labels");
                args.set(at + 1, bad.toString());
            } else {
                args.set(args.indexOf(option) + 1, bad.toString());
            }
        }
        Run r = assertNoSparkJob(() -> run(args.toArray(String[]::new)));
        assertEquals(2, r.exit(), what + ": " + r.err() + r.out());
        assertTrue(r.err().contains(option.equals("--setting") ? "--x" : option), "names " + option + ": " + r.err());
        if (!option.equals("--setting")) {
            assertTrue(r.err().contains(bad.getFileName().toString()), "names the file: " + r.err());
        }
        assertTrue(r.err().contains(fragment), "says " + fragment + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int exit = cl.execute(args);
        return new Run(exit, o.toString(), e.toString());
    }

    /** Runs {@code body} and asserts that the shared session survived and no Spark job started meanwhile. */
    static Run assertNoSparkJob(java.util.concurrent.Callable<Run> body) throws Exception {
        JOBS.reset();
        Run r = body.call();
        assertSame(shared, SparkSession.getDefaultSession().getOrElse(() -> null), "the default session is unchanged");
        assertFalse(shared.sparkContext().isStopped(), "the command did not stop (or make) a session");
        List<String> jobs = JOBS.jobsBeforeSentinel(shared);
        assertEquals(List.of(), jobs, "no Spark job started: " + r.err());
        return r;
    }

    /** Records job descriptions until the sentinel job this test starts itself. */
    static final class JobWatch extends SparkListener {
        private static final String SENTINEL = "bad-input-sentinel";
        private final List<String> jobs = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch sentinel = new CountDownLatch(1);

        void reset() {
            jobs.clear();
            sentinel = new CountDownLatch(1);
        }

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String group = start.properties() == null ? null : start.properties().getProperty("spark.jobGroup.id");
            if (SENTINEL.equals(group)) {
                sentinel.countDown();
            } else {
                jobs.add("job " + start.jobId() + " (group " + group + ")");
            }
        }

        List<String> jobsBeforeSentinel(SparkSession spark) throws InterruptedException {
            spark.sparkContext().setJobGroup(SENTINEL, SENTINEL, false);
            try {
                spark.sparkContext().parallelize(scala.jdk.javaapi.CollectionConverters.asScala(List.of(1)).toSeq(),
                        1, scala.reflect.ClassTag$.MODULE$.apply(Integer.class)).count();
            } finally {
                spark.sparkContext().clearJobGroup();
            }
            assertTrue(sentinel.await(30, TimeUnit.SECONDS), "the sentinel job was seen");
            return List.copyOf(jobs);
        }
    }
}
