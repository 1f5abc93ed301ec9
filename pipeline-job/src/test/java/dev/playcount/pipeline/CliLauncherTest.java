package dev.playcount.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliLauncherTest {

    @TempDir Path lib;

    @Test
    void muslIsToldByItsLoaderOrLibraryInLib() throws Exception {
        Files.createFile(lib.resolve("libc.so.6"));
        Files.createFile(lib.resolve("ld-linux-x86-64.so.2"));
        assertThat(CliLauncher.muslLibc(lib)).isFalse();

        Files.createFile(lib.resolve("ld-musl-x86_64.so.1"));
        assertThat(CliLauncher.muslLibc(lib)).isTrue();
    }

    @Test
    void aMissingLibFolderIsNotMusl() {
        assertThat(CliLauncher.muslLibc(lib.resolve("missing"))).isFalse();
    }
}
