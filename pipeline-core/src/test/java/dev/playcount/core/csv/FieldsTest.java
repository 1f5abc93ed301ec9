package dev.playcount.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long plays(String s) {
        byte[] b = bytes(s);
        return Fields.parsePlays(b, 0, b.length);
    }

    private static int day(String s) {
        byte[] b = bytes(s);
        return Fields.parseDay(b, 0, b.length);
    }

    @ParameterizedTest
    @CsvSource({
        "0,0",
        "7,7",
        "007,7",
        "200,200",
        "999999999999999999,999999999999999999",
        "1000000000000000000,1000000000000000000",
        "9223372036854775807,9223372036854775807",
        "0009223372036854775807,9223372036854775807"
    })
    void wholeNumbersParse(String text, long expected) {
        assertThat(plays(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-1",
                "+1",
                " 1",
                "1 ",
                "1.0",
                "1e3",
                "abc",
                "1_000",
                "١٢",
                "12345678901234567x",
                "123456789012345678x"
            })
    void otherTextIsNotANumber(String text) {
        assertThat(plays(text)).isEqualTo(Fields.NOT_A_NUMBER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "99999999999999999999", "18446744073709551616"})
    void numbersPastLongMaxAreTooLarge(String text) {
        assertThat(plays(text)).isEqualTo(Fields.TOO_LARGE);
    }

    @Test
    void tooLargeButNotNumericIsNotANumber() {
        assertThat(plays("99999999999999999999x")).isEqualTo(Fields.NOT_A_NUMBER);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2020-01-01",
                "2020-02-29",
                "2000-02-29",
                "1999-12-31",
                "0001-01-01",
                "9999-12-31"
            })
    void existingDatesParseAndFormatBack(String text) {
        int packed = day(text);
        assertThat(packed).isNotEqualTo(Fields.NOT_A_DATE);
        assertThat(Fields.formatDay(packed)).isEqualTo(text);
        LocalDate date = LocalDate.parse(text);
        assertThat(packed)
                .isEqualTo(
                        date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2019-02-29",
                "1900-02-29",
                "2020-02-30",
                "2020-04-31",
                "2020-13-01",
                "2020-00-10",
                "2020-01-00",
                "2020-1-01",
                "2020/01/01",
                "20200101",
                "2020-01-01 ",
                " 2020-01-01",
                "2020-01-1x",
                ""
            })
    void otherTextIsNotADate(String text) {
        assertThat(day(text)).isEqualTo(Fields.NOT_A_DATE);
    }

    @Test
    void everyDayOfFourHundredYearsMatchesJavaTime() {
        for (LocalDate d = LocalDate.of(1900, 1, 1);
                d.isBefore(LocalDate.of(2300, 1, 1));
                d = d.plusDays(1)) {
            assertThat(day(d.toString())).isPositive();
        }
    }

    @Test
    void utf8CheckAcceptsWellFormedText() {
        byte[] b = bytes("Café Ñ 東京 😀");
        assertThat(Fields.isUtf8(b, 0, b.length)).isTrue();
    }

    @Test
    void utf8CheckRejectsMalformedBytes() {
        assertThat(Fields.isUtf8(new byte[] {(byte) 0xC3}, 0, 1)).as("truncated").isFalse();
        assertThat(Fields.isUtf8(new byte[] {(byte) 0xC0, (byte) 0xAF}, 0, 2))
                .as("overlong")
                .isFalse();
        assertThat(Fields.isUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3))
                .as("surrogate")
                .isFalse();
        assertThat(Fields.isUtf8(new byte[] {(byte) 0xFF}, 0, 1)).isFalse();
        assertThat(Fields.isUtf8(new byte[] {'a', (byte) 0x80}, 0, 2))
                .as("lone continuation")
                .isFalse();
    }
}
