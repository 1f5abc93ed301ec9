package dev.playcount.pipeline.model;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** Plays of one song on one day: a partial sum before the shuffle, the total after it. */
@TypeInfo(SongDayPlaysTypeInfoFactory.class)
public class SongDayPlays {

    public String song;

    /** The day as {@code yyyyMMdd}. */
    public int day;

    public long plays;

    public SongDayPlays() {}

    public SongDayPlays(String song, int day, long plays) {
        this.song = song;
        this.day = day;
        this.plays = plays;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SongDayPlays other
                && day == other.day
                && plays == other.plays
                && Objects.equals(song, other.song);
    }

    @Override
    public int hashCode() {
        return Objects.hash(song, day, plays);
    }

    @Override
    public String toString() {
        return song + "," + day + "," + plays;
    }
}
