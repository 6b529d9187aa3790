package org.deepdual;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of DEVELOPERS.md: pure mathematics never imports Spark; only linalg imports Breeze or netlib. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.deepdual");
    }

    @Test
    void pureMathematicsDoesNotImportSpark() {
        noClasses().that().resideInAnyPackage("org.deepdual.linalg..", "org.deepdual.data..", "org.deepdual.solve..",
                "org.deepdual.train..", "org.deepdual.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..")
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
        org.junit.jupiter.api.Assertions.assertTrue(classes.size() > 10, "imported " + classes.size() + " classes");
    }
}
