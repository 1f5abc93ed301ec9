package dev.playcount.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void noHeaderOrSeveralRangesMeanTheWholeFile() {
        assertThat(ByteRange.parse(null, 100)).isNull();
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isNull();
        assertThat(ByteRange.parse("items=0-5", 100)).isNull();
    }

    @Test
    void openClosedAndSuffixRanges() {
        assertThat(ByteRange.parse("bytes=10-", 100)).isEqualTo(new ByteRange(10, 99));
        assertThat(ByteRange.parse("bytes=10-19", 100)).isEqualTo(new ByteRange(10, 19));
        assertThat(ByteRange.parse("bytes=90-500", 100)).isEqualTo(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-5", 100)).isEqualTo(new ByteRange(95, 99));
        assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange(0, 99));
        assertThat(new ByteRange(10, 19).length()).isEqualTo(10);
    }

    @Test
    void rangesOutsideTheFileAreRefused() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=100-", 100))
                .hasMessageContaining("outside the file's 100 bytes");
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 100)).isInstanceOf(ApiException.class);
    }

    @Test
    void invalidOrOverflowingRangesAreIgnoredForTheWholeFile() {
        // RFC 9110 14.2: a server may ignore a Range it does not take; never a 500 or a 416
        for (String header :
                List.of(
                        "bytes=5-1",
                        "bytes=0-99999999999999999999",
                        "bytes=99999999999999999999-",
                        "bytes=-99999999999999999999",
                        "bytes=a-b",
                        "bytes=--5",
                        "bytes=")) {
            assertThat(ByteRange.parse(header, 100)).as(header).isNull();
        }
        assertThat(ByteRange.parse("bytes=0-9223372036854775807", 100))
                .isEqualTo(new ByteRange(0, 99));
    }

    @Test
    void aRangeOutsideTheFileIsAnswered416WithTheErrorBody() {
        for (String header : List.of("bytes=100-", "bytes=100-200", "bytes=-0")) {
            assertThatThrownBy(() -> ByteRange.parse(header, 100))
                    .as(header)
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> {
                                assertThat(e.status()).isEqualTo(416);
                                assertThat(e.body())
                                        .isEqualTo(
                                                new ErrorBody(
                                                        "range_not_satisfiable",
                                                        "the range "
                                                                + header
                                                                + " is outside the file's 100"
                                                                + " bytes",
                                                        List.of()));
                            });
        }
        // an empty file has no byte to send: any range is outside it
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(416));
    }
}
