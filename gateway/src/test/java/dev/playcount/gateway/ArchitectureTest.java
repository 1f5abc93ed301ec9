package dev.playcount.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The domain stays free of the HTTP framework, the drivers, Flink's client and the adapters that
 * implement its ports; only the launcher and the embedded cluster use the Flink job; no two
 * packages depend on each other.
 */
@AnalyzeClasses(
        packages = "dev.playcount.gateway",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The domain owns its ports: it imports neither the technologies nor their adapters. */
    @ArchTest
    static final ArchRule domainImportsNoFrameworkDriverOrAdapter =
            noClasses()
                    .that()
                    .resideInAPackage("dev.playcount.gateway.task..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.javalin..",
                            "com.mongodb..",
                            "org.bson..",
                            "com.rabbitmq..",
                            "org.apache.flink..",
                            "org.apache.qpid..",
                            "de.bwaldvogel..",
                            "dev.playcount.gateway.storage..",
                            "dev.playcount.gateway.messaging..",
                            "dev.playcount.gateway.launcher..",
                            "dev.playcount.gateway.embedded..",
                            "dev.playcount.gateway.http..")
                    .orShould()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.playcount.gateway");

    @ArchTest
    static final ArchRule servicesKnowNothingOfHttp =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "dev.playcount.gateway.storage..", "dev.playcount.gateway.messaging..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.javalin..");

    /**
     * The HTTP side, the domain and the adapters know the pipeline only through its Flink-free
     * core; the Flink job itself is for the roles that submit or host it (launcher, embedded).
     */
    @ArchTest
    static final ArchRule onlyLauncherAndEmbeddedUseTheJob =
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

    @ArchTest
    static final ArchRule noCyclesBetweenPackages =
            slices().matching("dev.playcount.gateway.(*)..").should().beFreeOfCycles();
}
