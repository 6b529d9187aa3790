package org.deepdual;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layout (docs/architecture.md): mathematics at the bottom (linalg, data, model), the
 * solvers, statistics and baseline above it, the distributed layer and the report above those (the ML
 * estimators beside the sweep: they use the solvers, never the sweep), benchmarks
 * above everything they measure, the command line on top. No package cycles; no Spark below the sweep;
 * Breeze and netlib only behind linalg.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.deepdual");
    }

    @Test
    void packagesFollowTheLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("linalg").definedBy("org.deepdual.linalg..")
                .layer("data").definedBy("org.deepdual.data..")
                .layer("model").definedBy("org.deepdual.model..")
                .layer("solve").definedBy("org.deepdual.solve..")
                .layer("stats").definedBy("org.deepdual.stats..")
                .layer("train").definedBy("org.deepdual.train..")
                .layer("sweep").definedBy("org.deepdual.sweep..")
                .layer("ml").definedBy("org.deepdual.ml..")
                .layer("report").definedBy("org.deepdual.report..")
                .layer("bench").definedBy("org.deepdual.bench..")
                .layer("cli").definedBy("org.deepdual.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("report").mayOnlyBeAccessedByLayers("bench", "cli")
                .whereLayer("ml").mayOnlyBeAccessedByLayers("bench", "cli")
                .whereLayer("sweep").mayOnlyBeAccessedByLayers("report", "bench", "cli")
                .whereLayer("train").mayOnlyBeAccessedByLayers("sweep", "ml", "report", "bench", "cli")
                .whereLayer("stats").mayOnlyBeAccessedByLayers("train", "sweep", "ml", "report", "bench", "cli")
                .whereLayer("solve").mayOnlyBeAccessedByLayers("train", "sweep", "ml", "report", "bench", "cli")
                .whereLayer("model").mayOnlyBeAccessedByLayers("solve", "stats", "train", "sweep", "ml", "report",
                        "bench", "cli")
                .whereLayer("data").mayOnlyBeAccessedByLayers("model", "solve", "stats", "train", "sweep", "ml",
                        "report", "bench", "cli")
                .check(classes);
    }

    @Test
    void statisticsAndSolversDoNotKnowEachOther() {
        noClasses().that().resideInAnyPackage("org.deepdual.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deepdual.solve..", "org.deepdual.train..")
                .check(classes);
        noClasses().that().resideInAnyPackage("org.deepdual.solve..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deepdual.stats..", "org.deepdual.train..")
                .check(classes);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("org.deepdual.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void solverFamiliesStandOnTheCoreAlone() {
        String[] families = {"linear", "whitened", "rankone", "batchnorm", "relu2", "spline"};
        for (String f : families) {
            String[] others = java.util.Arrays.stream(families).filter(g -> !g.equals(f))
                    .map(g -> "org.deepdual.solve." + g + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("org.deepdual.solve." + f + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .orShould().dependOnClassesThat().resideInAPackage("org.deepdual.solve")
                    .check(classes);
        }
        noClasses().that().resideInAPackage("org.deepdual.solve.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.deepdual.solve.core..",
                        "org.deepdual.model..", "org.deepdual.data..", "org.deepdual.linalg..", "java..")
                .check(classes);
    }

    @Test
    void nothingBelowTheSweepImportsSpark() {
        noClasses().that().resideInAnyPackage("org.deepdual.linalg..", "org.deepdual.data..", "org.deepdual.model..",
                "org.deepdual.solve..", "org.deepdual.train..", "org.deepdual.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..")
                .check(classes);
    }

    @Test
    void onlyLinalgTouchesBreezeOrNetlib() {
        noClasses().that().resideOutsideOfPackage("org.deepdual.linalg..")
                .should().dependOnClassesThat().resideInAnyPackage("breeze..", "dev.ludovic.netlib..", "org.netlib..")
                .check(classes);
    }

    @Test
    void rulesSeeTheWholeCodeBase() {
        // guards against the rules passing vacuously because nothing was imported
        assertTrue(classes.size() > 100, "imported " + classes.size() + " classes");
        for (String p : new String[] {"linalg", "data", "model", "solve", "solve.core", "solve.linear", "solve.relu2", "stats", "train",
                "sweep", "ml", "report", "bench.solve", "cli"}) {
            assertTrue(classes.containPackage("org.deepdual." + p), "no classes imported from org.deepdual." + p);
        }
    }
}
