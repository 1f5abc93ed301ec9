package dev.playcount.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    private static final String ABC =
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir Path dir;

    @Test
    void fileBytesAndStreamingDigestAgree() throws Exception {
        Path file = Files.writeString(dir.resolve("abc"), "abc");
        MessageDigest digest = Sha256.digest();
        digest.update("a".getBytes(StandardCharsets.US_ASCII));
        digest.update("bc".getBytes(StandardCharsets.US_ASCII));

        assertThat(Sha256.of(file)).isEqualTo(ABC);
        assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
        assertThat(Sha256.hex(digest)).isEqualTo(ABC);
    }
}
