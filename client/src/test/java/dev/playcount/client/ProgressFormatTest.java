package dev.playcount.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressFormatTest {

    @Test
    void aLineShowsPercentMegabytesSpeedAndTimeLeft() {
        assertThat(
                        ProgressFormat.line(
                                "upload", 1_234_500_000L, 2_730_000_000L, 1_234_500_000L, 98.3e6))
                .isEqualTo("upload  45.2%  1,234.5 of 2,730.0 MB  98.3 MB/s  ETA 0:16");
    }

    @Test
    void aCompressedUploadShowsWhatWasReadAndWhatWasSent() {
        assertThat(ProgressFormat.line("upload", 500_000_000L, 1_000_000_000L, 120_000_000L, 250e6))
                .isEqualTo(
                        "upload  50.0%  500.0 of 1,000.0 MB read, 120.0 MB sent  250.0 MB/s  ETA"
                                + " 0:02");
    }

    @Test
    void theBarFillsWithThePercent() {
        assertThat(ProgressFormat.bar("download", 50, 100, 50, 10))
                .startsWith("[############............] download  50.0%");
    }

    @Test
    void neverOneHundredPercentBeforeTheLastByte() {
        assertThat(ProgressFormat.percent(999_999, 1_000_000)).isEqualTo(" 99.9%");
        assertThat(ProgressFormat.percent(1_000_000, 1_000_000)).isEqualTo("100.0%");
        assertThat(ProgressFormat.percent(5, 0)).isEqualTo("    ?%");
    }

    @Test
    void timeLeftIsUnknownWithoutSpeedAndShownInHoursWhenLong() {
        assertThat(ProgressFormat.eta(0, 100, 0)).isEqualTo("--:--");
        assertThat(ProgressFormat.eta(0, 3_723_000_000L, 1e6)).isEqualTo("1:02:03");
        assertThat(ProgressFormat.clock(Duration.ofSeconds(59))).isEqualTo("0:59");
    }

    @Test
    void plainLinesComeEveryIntervalAndTheSpeedCountsOnlyThisRun() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        Progress p =
                new Progress(
                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                        false,
                        "upload",
                        100_000_000L,
                        nanos::get,
                        2_000_000_000L);
        p.start(50_000_000L); // resumed at half
        nanos.set(1_000_000_000L);
        p.update(60_000_000L, 60_000_000L); // first update is shown
        nanos.set(1_500_000_000L);
        p.update(65_000_000L, 65_000_000L); // within the interval: not shown
        nanos.set(5_000_000_000L);
        p.finish(100_000_000L, 100_000_000L);

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "upload resuming at 50.0 MB (50.0%)",
                        "upload  60.0%  60.0 of 100.0 MB  10.0 MB/s  ETA 0:04",
                        "upload 100.0%  100.0 of 100.0 MB  10.0 MB/s  ETA 0:00");
    }

    @Test
    void theLastLineIsNotPrintedTwice() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        Progress p =
                new Progress(
                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                        false,
                        "upload",
                        100,
                        nanos::get,
                        2_000_000_000L);
        p.start(0);
        nanos.set(1_000_000_000L);
        p.update(100, 100);
        p.finish(100, 100);
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    @Test
    void aTerminalGetsOneRedrawnLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        Progress p =
                new Progress(
                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                        true,
                        "upload",
                        100,
                        nanos::get,
                        1);
        p.start(0);
        nanos.set(1_000_000_000L);
        p.update(50, 50);
        nanos.set(2_000_000_000L);
        p.finish(100, 100);

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\r[").contains("\r[########################] upload 100.0%");
        // redrawn with carriage returns, one line feed at the end
        assertThat(out.indexOf('\n')).isEqualTo(out.length() - 1);
    }
}
