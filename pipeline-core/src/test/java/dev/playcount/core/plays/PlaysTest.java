package dev.playcount.core.plays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlaysTest {

    private static final Plays.SongNames NAMES = ref -> "song " + ref;

    @Test
    void addsUpToTheLargestLong() {
        assertThat(Plays.add(Long.MAX_VALUE - 1, 1, NAMES, 0, 20200101)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anOverflowNamesTheKeyAndFailsTheRun() {
        assertThatThrownBy(() -> Plays.add(Long.MAX_VALUE, 1, NAMES, 3, 20200102))
                .isInstanceOf(PlaysOverflowException.class)
                .hasMessage(
                        "the total plays of 'song 3' on 2020-01-02 exceed 9223372036854775807"
                                + " (64-bit overflow)");
    }
}
