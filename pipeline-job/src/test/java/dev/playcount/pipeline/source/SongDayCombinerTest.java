package dev.playcount.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.core.plays.PlaysOverflowException;
import dev.playcount.pipeline.model.KeyHash;
import dev.playcount.pipeline.model.PartialSum;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SongDayCombinerTest {

    private static int packed(LocalDate d) {
        return d.getYear() * 10000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    }

    @Test
    void sumsLikeAMapAcrossWindowedSongsPairsAndFlushes() {
        Random random = new Random(3);
        Map<String, Long> expected = new HashMap<>();
        Map<String, Long> actual = new HashMap<>();
        SongDayCombiner combiner = new SongDayCombiner(40_000);
        LocalDate base = LocalDate.of(2023, 5, 1);
        for (int row = 0; row < 300_000; row++) {
            // 10k songs (more than get a window), days spread over a year (many outside it)
            String song =
                    random.nextInt(50) == 0
                            ? "Say \"\"Hi\"\" " + random.nextInt(10)
                            : "Song " + random.nextInt(10_000);
            int day = packed(base.plusDays(random.nextInt(400) - 200));
            long plays = random.nextInt(1000);
            byte[] bytes = ("xx" + song).getBytes(StandardCharsets.UTF_8);
            combiner.add(bytes, 2, bytes.length - 2, day, plays);
            expected.merge(song.replace("\"\"", "\"") + "|" + day, plays, Long::sum);
            if (combiner.isFull()) {
                drain(combiner, actual);
                combiner = new SongDayCombiner(40_000);
            }
        }
        drain(combiner, actual);
        assertThat(actual).isEqualTo(expected);
    }

    private static void drain(SongDayCombiner combiner, Map<String, Long> into) {
        int n = 0;
        for (PartialSum t = combiner.next(); t != null; t = combiner.next()) {
            assertThat(t.hash).isEqualTo(KeyHash.of(t.song, t.day));
            into.merge(t.songText() + "|" + t.day, t.plays, Long::sum);
            n++;
        }
        assertThat(n).isEqualTo(combiner.size());
    }

    @Test
    void convertsDaysLikeJavaTime() {
        for (LocalDate d = LocalDate.of(1600, 1, 1);
                d.isBefore(LocalDate.of(2400, 1, 1));
                d = d.plusDays(13)) {
            assertThat(SongDayCombiner.epochDay(packed(d))).isEqualTo((int) d.toEpochDay());
        }
        assertThat(SongDayCombiner.epochDay(packed(LocalDate.of(1, 1, 1))))
                .isEqualTo((int) LocalDate.of(1, 1, 1).toEpochDay());
    }

    @Test
    void failsOnOverflowInWindowAndPairs() {
        byte[] song = "Umbrella".getBytes(StandardCharsets.UTF_8);
        SongDayCombiner combiner = new SongDayCombiner(100);
        combiner.add(song, 0, song.length, 20200101, Long.MAX_VALUE);
        assertThatThrownBy(() -> combiner.add(song, 0, song.length, 20200101, 1))
                .isInstanceOf(PlaysOverflowException.class)
                .hasMessageContaining("'Umbrella' on 2020-01-01");
        combiner.add(song, 0, song.length, 20250101, Long.MAX_VALUE);
        assertThatThrownBy(() -> combiner.add(song, 0, song.length, 20250101, 1))
                .hasMessageContaining("'Umbrella' on 2025-01-01");
    }
}
