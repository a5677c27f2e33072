package de.pilotregistry.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module boundaries: the published contract depends on nothing of ours, the read side never on the write side. */
class ArchitectureTest {

    private static final JavaClasses REGISTRY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("de.pilotregistry");

    @Test
    void sharedDependsOnNoOtherModuleAndNoSpring() {
        noClasses().that().resideInAPackage("de.pilotregistry.shared..")
                .should().dependOnClassesThat().resideInAnyPackage("de.pilotregistry.command..",
                        "de.pilotregistry.query..", "de.pilotregistry.app..", "org.springframework..")
                .check(REGISTRY);
    }

    @Test
    void platformIsInfrastructureOnly() {
        noClasses().that().resideInAPackage("de.pilotregistry.platform..")
                .should().dependOnClassesThat().resideInAnyPackage("de.pilotregistry.command..",
                        "de.pilotregistry.query..", "de.pilotregistry.app..")
                .check(REGISTRY);
    }

    @Test
    void queryDoesNotDependOnCommand() {
        noClasses().that().resideInAPackage("de.pilotregistry.query..")
                .should().dependOnClassesThat().resideInAnyPackage("de.pilotregistry.command..")
                .check(REGISTRY);
    }

    @Test
    void commandDoesNotDependOnQuery() {
        noClasses().that().resideInAPackage("de.pilotregistry.command..")
                .should().dependOnClassesThat().resideInAnyPackage("de.pilotregistry.query..")
                .check(REGISTRY);
    }

    @Test
    void onlyTheCompositionRootKnowsTheApp() {
        noClasses().that().resideInAnyPackage("de.pilotregistry.command..", "de.pilotregistry.query..",
                        "de.pilotregistry.shared..")
                .should().dependOnClassesThat().resideInAPackage("de.pilotregistry.app..")
                .check(REGISTRY);
    }
}
