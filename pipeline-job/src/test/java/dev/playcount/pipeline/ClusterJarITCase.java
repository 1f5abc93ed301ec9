package dev.playcount.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The job jar the launcher ships to clusters (built in {@code package}, before this runs): every
 * class of the job and of the core, and nothing a Flink cluster has already, so it stays small.
 */
class ClusterJarITCase {

    private static final Path TARGET = Path.of("target");
    private static final Path JAR = TARGET.resolve("pipeline-job-cluster.jar");

    @Test
    void holdsEveryClassOfTheJobAndNoneOfFlinks() throws IOException {
        Set<String> entries;
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        }
        Path classes = TARGET.resolve("classes");
        List<String> compiled;
        try (Stream<Path> files = Files.walk(classes)) {
            compiled =
                    files.filter(f -> f.toString().endsWith(".class"))
                            .map(f -> classes.relativize(f).toString().replace('\\', '/'))
                            .toList();
        }

        assertThat(compiled).contains("dev/playcount/pipeline/PlayCountJob.class");
        assertThat(entries).containsAll(compiled);
        assertThat(entries)
                .filteredOn(e -> e.endsWith(".class"))
                .allMatch(e -> e.startsWith("dev/playcount/"), "only the job's own classes");
        assertThat(entries).doesNotContain("log4j2.properties");
        // the core's classes travel with the job: its typed errors are restored from them
        assertThat(entries).contains("dev/playcount/core/error/PipelineException.class");
        assertThat(Files.size(JAR)).isLessThan(1 << 20);
    }

    @Test
    void theCliJarHasNoFlinkCsv() throws IOException {
        try (ZipFile jar = new ZipFile(TARGET.resolve("pipeline-job.jar").toFile())) {
            // the job reads with its own format; flink-csv serves only bench's parser comparison
            assertThat(jar.stream().map(ZipEntry::getName))
                    .noneMatch(e -> e.startsWith("org/apache/flink/formats/csv/"));
        }
    }
}
