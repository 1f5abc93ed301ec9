package dev.playcount.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The HTTP side and the domain know the pipeline only through its Flink-free core; the Flink job
 * itself is for the roles that submit or host it (launcher, embedded cluster).
 */
@AnalyzeClasses(
        packages = "dev.playcount.gateway",
        importOptions = ImportOption.DoNotIncludeTests.class)
class PipelineBoundaryTest {

    @ArchTest
    static final ArchRule httpAndDomainUseCoreOnly =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "dev.playcount.gateway.http..",
                            "dev.playcount.gateway.task..",
                            "dev.playcount.gateway.storage..",
                            "dev.playcount.gateway.messaging..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.playcount.pipeline..");
}
