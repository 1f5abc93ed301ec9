package dev.playcount.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvHeaderTest {

    private static CsvHeader read(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return CsvHeader.read(b, b.length, true);
    }

    @Test
    void findsColumnsInAnyOrderAndCaseIgnoringSpacesAndExtras() {
        CsvHeader h = read(" number of PLAYS ,extra,\"DATE\", song\r\nx");
        assertThat(h.columns()).isEqualTo(4);
        assertThat(h.plays()).isZero();
        assertThat(h.date()).isEqualTo(2);
        assertThat(h.song()).isEqualTo(3);
    }

    @Test
    void ignoresAByteOrderMark() {
        CsvHeader h = read("\uFEFFSong,Date,Number of Plays\n");
        assertThat(h.song()).isZero();
    }

    @Test
    void namesTheMissingColumns() {
        assertThatThrownBy(() -> read("Song,Date\n"))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessage(
                        "invalid header: the header misses the column Number of Plays; found:"
                                + " Song,Date");
        assertThatThrownBy(() -> read("Title,Day,Count\n"))
                .hasMessageContaining("misses the columns Song, Date, Number of Plays");
    }

    @Test
    void saysWhenTheFileIsSemicolonOrTabSeparated() {
        assertThatThrownBy(() -> read("Song;Date;Number of Plays\n"))
                .hasMessageContaining("';'-separated");
        assertThatThrownBy(() -> read("Song\tDate\tNumber of Plays\n"))
                .hasMessageContaining("tab-separated");
    }

    @Test
    void rejectsEmptyFilesAndRepeatedColumns() {
        assertThatThrownBy(() -> read("")).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> read("\uFEFF")).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> read("Song,Date,Song,Number of Plays\n"))
                .hasMessageContaining("names the column Song twice");
    }

    @Test
    void recognisesItselfRepeated() {
        String line = "Song,Date,Number of Plays";
        CsvHeader h = read(line + "\r\n");
        byte[] again = ("\uFEFF" + line).getBytes(StandardCharsets.UTF_8);
        assertThat(h.isRepeatedBy(again, 0, again.length)).isTrue();
        byte[] other = "Song,Date,Number of plays".getBytes(StandardCharsets.UTF_8);
        assertThat(h.isRepeatedBy(other, 0, other.length)).isFalse();
    }

    @Test
    void headerStillArrivingAsksForMoreBytes() {
        byte[] partial = "Song,Date,Num".getBytes(StandardCharsets.UTF_8);
        assertThat(CsvHeader.tryRead(partial, partial.length, false)).isNull();
        assertThatThrownBy(() -> CsvHeader.tryRead(partial, partial.length, true))
                .hasMessageContaining("misses the column Number of Plays");
    }

    @Test
    void headerThatIsNotUtf8IsRefused() {
        byte[] latin1 = "Song,Date,Number of Pl\u00e4ys\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> CsvHeader.read(latin1, latin1.length, true))
                .hasMessageContaining("not valid UTF-8");
        byte[] utf16 = "\uFEFFSong,Date,Number of Plays\n".getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> CsvHeader.read(utf16, utf16.length, true))
                .hasMessageContaining("UTF-16");
    }
}
