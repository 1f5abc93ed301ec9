package dev.playcount.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The samples in {@code samples/} are the original's bytes: a checkout that rewrote their line
 * endings (see .gitattributes) would quietly test something else.
 */
class SamplesTest {

    @Test
    void theSeedSampleKeepsItsCrlfLinesAndItsLastLf() throws Exception {
        byte[] bytes = Files.readAllBytes(SharedData.seedSample());

        assertThat(sha256(bytes))
                .isEqualTo("8e3cf035921de391347c58e0b8c4ddeb7d72408a2af9fbc87a29955de6fce748");
        assertThat(count(bytes, "\r\n")).isEqualTo(100_000);
        assertThat(new String(bytes, bytes.length - 2, 2, "UTF-8")).matches("[^\r]\n");
    }

    @Test
    void theTinySampleHasFourTotals() throws Exception {
        Path tiny = SharedData.tinySample();

        assertThat(sha256(Files.readAllBytes(tiny)))
                .isEqualTo("4f3318647a233b8dce6827a085b7ca101b90debe95b05eaa8086ea45f9fb713b");
        assertThat(Oracle.aggregate(tiny).totals()).hasSize(4);
    }

    private static long count(byte[] bytes, String what) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .split(what, -1)
                        .length
                - 1;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
