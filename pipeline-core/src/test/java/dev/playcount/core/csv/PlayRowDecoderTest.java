package dev.playcount.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlayRowDecoderTest {

    private static final String HEADER = "Date,Number of Plays,Song,Extra";

    private final PlayRowDecoder decoder = new PlayRowDecoder(header());
    private byte[] bytes;

    private static CsvHeader header() {
        byte[] b = (HEADER + "\n").getBytes(StandardCharsets.UTF_8);
        return CsvHeader.read(b, b.length, true);
    }

    private PlayRowDecoder.Kind decode(String row) {
        bytes = row.getBytes(StandardCharsets.UTF_8);
        CsvRecord r = new CsvRecord(4);
        CsvRecordParser.parse(bytes, 0, bytes.length, true, r);
        return decoder.decode(bytes, r);
    }

    private String song() {
        return decoder.song();
    }

    @Test
    void decodesAValidRowInHeaderOrder() {
        assertThat(decode("2020-01-02,200,Umbrella,whatever\r\n"))
                .isEqualTo(PlayRowDecoder.Kind.ROW);
        assertThat(song()).isEqualTo("Umbrella");
        assertThat(decoder.day).isEqualTo(20200102);
        assertThat(decoder.plays).isEqualTo(200);
    }

    @Test
    void keepsSongsExactlyAsWrittenWithQuotesCollapsed() {
        assertThat(decode("2020-01-01,1,\" Say \"\"Hi\"\", Café \",x"))
                .isEqualTo(PlayRowDecoder.Kind.ROW);
        assertThat(song()).isEqualTo(" Say \"Hi\", Café ");
    }

    @Test
    void recognisesBlankLinesAndTheRepeatedHeader() {
        assertThat(decode("\r\n")).isEqualTo(PlayRowDecoder.Kind.BLANK);
        assertThat(decode(HEADER + "\r\n")).isEqualTo(PlayRowDecoder.Kind.REPEATED_HEADER);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2020-01-01,1,,x|Song is empty",
                "2020-02-30,1,a,x|Date '2020-02-30' is not an existing date in the form yyyy-MM-dd",
                "01/02/2020,1,a,x|Date '01/02/2020' is not an existing date in the form yyyy-MM-dd",
                "2020-01-01,-5,a,x|Number of Plays '-5' is not a whole number",
                "2020-01-01,1.5,a,x|Number of Plays '1.5' is not a whole number",
                "2020-01-01,,a,x|Number of Plays '' is not a whole number",
                "2020-01-01,9223372036854775808,a,x|Number of Plays '9223372036854775808' is larger"
                        + " than 9223372036854775807",
                "2020-01-01,1,a|expected 4 fields as in the header, found 3",
                "2020-01-01,1,a,x,y|expected 4 fields as in the header, found 5",
                "2020-01-01,1,a\"b,x|malformed CSV in column 3: a quote inside an unquoted field",
                "2020-01-01,1,\"a\"b,x|malformed CSV in column 3: text after a closing quote",
            })
    void explainsInvalidRows(String row, String reason) {
        assertThat(decode(row)).isEqualTo(PlayRowDecoder.Kind.INVALID);
        assertThat(decoder.reason).isEqualTo(reason);
    }

    @Test
    void rejectsSongsThatAreNotUtf8() {
        byte[] row = {
            '2',
            '0',
            '2',
            '0',
            '-',
            '0',
            '1',
            '-',
            '0',
            '1',
            ',',
            '1',
            ',',
            'a',
            (byte) 0xFF,
            ',',
            'x'
        };
        CsvRecord r = new CsvRecord(4);
        CsvRecordParser.parse(row, 0, row.length, true, r);
        assertThat(decoder.decode(row, r)).isEqualTo(PlayRowDecoder.Kind.INVALID);
        assertThat(decoder.reason).isEqualTo("Song is not valid UTF-8");
    }
}
