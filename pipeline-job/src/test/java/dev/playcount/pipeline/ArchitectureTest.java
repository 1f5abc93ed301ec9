package dev.playcount.pipeline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The job's packages (the root one included) import each other in one direction only. */
@AnalyzeClasses(
        packages = "dev.playcount.pipeline",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.playcount.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule knowsNothingOfTheGateway =
            noClasses().should().dependOnClassesThat().resideInAPackage("dev.playcount.gateway..");
}
