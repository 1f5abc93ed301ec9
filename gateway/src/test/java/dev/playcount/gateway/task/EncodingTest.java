package dev.playcount.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncodingTest {

    @Test
    void contentCodingsAreMatchedWithoutRegardToCaseOrSpaces() {
        assertThat(Encoding.ofContentCoding(" GZip ")).contains(Encoding.GZIP);
        assertThat(Encoding.ofContentCoding("x-gzip")).contains(Encoding.GZIP);
        assertThat(Encoding.ofContentCoding("zstd")).contains(Encoding.ZSTD);
        assertThat(Encoding.ofContentCoding("identity")).contains(Encoding.IDENTITY);
        assertThat(Encoding.ofContentCoding("br")).isEqualTo(Optional.empty());
        assertThat(Encoding.ofContentCoding("deflate")).isEqualTo(Optional.empty());
    }

    @Test
    void aTaskRecordedBeforeCompressedUploadsWasReceivedAsStored() {
        assertThat(Encoding.fromWire(null)).isEqualTo(Encoding.IDENTITY);
        assertThat(Encoding.fromWire("zstd")).isEqualTo(Encoding.ZSTD);
        assertThat(new InputFile("p.csv", 10, "abc"))
                .isEqualTo(new InputFile("p.csv", 10, "abc", "identity", 10, "abc"));
    }
}
