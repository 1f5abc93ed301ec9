package dev.playcount.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {

    @TempDir Path dir;

    @Test
    void deletesATreeAFileAndNothing() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("a/b/c"));
        Files.writeString(tree.resolve("f"), "x");
        Path file = Files.writeString(dir.resolve("g"), "y");

        Folders.deleteRecursively(dir.resolve("a"));
        Folders.deleteRecursively(file);
        Folders.deleteRecursively(dir.resolve("missing"));

        assertThat(dir).isEmptyDirectory();
    }
}
