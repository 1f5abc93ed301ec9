package dev.playcount.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core stays Flink-free (the enforcer bans the dependency; this catches a class that would
 * reach Flink through another jar), and its packages import each other in one direction only.
 */
@AnalyzeClasses(
        packages = "dev.playcount.core",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noFlink =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.flink..")
                    .because("the gateway's HTTP side uses core without Flink");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.playcount.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule knowsNothingOfItsUsers =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("dev.playcount.pipeline..", "dev.playcount.gateway..");
}
