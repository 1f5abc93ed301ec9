package dev.playcount.pipeline.model;

import dev.playcount.core.plays.Plays;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Plays of one (song, day) summed inside a reader, on its way to the summing stage: the song as its
 * UTF-8 bytes (quotes unescaped) and the key's {@link KeyHash}, both computed once in the reader,
 * so the shuffle copies bytes and neither side builds a String or hashes again.
 */
@TypeInfo(PartialSumTypeInfoFactory.class)
public final class PartialSum implements Plays.SongNames {

    public long hash;
    public byte[] song;
    public int day;
    public long plays;

    public PartialSum() {}

    public PartialSum(byte[] song, int day, long plays) {
        this(KeyHash.of(song, day), song, day, plays);
    }

    public PartialSum(long hash, byte[] song, int day, long plays) {
        this.hash = hash;
        this.song = song;
        this.day = day;
        this.plays = plays;
    }

    public static PartialSum of(String song, int day, long plays) {
        return new PartialSum(song.getBytes(StandardCharsets.UTF_8), day, plays);
    }

    /** This partial sum's own song, whatever {@code ref}: it holds one key. */
    @Override
    public String song(int ref) {
        return songText();
    }

    public String songText() {
        return new String(song, StandardCharsets.UTF_8);
    }

    public boolean sameKey(PartialSum other) {
        return hash == other.hash && day == other.day && Arrays.equals(song, other.song);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartialSum other && sameKey(other) && plays == other.plays;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hash) * 31 + Long.hashCode(plays);
    }

    @Override
    public String toString() {
        return songText() + "," + day + "," + plays;
    }
}
