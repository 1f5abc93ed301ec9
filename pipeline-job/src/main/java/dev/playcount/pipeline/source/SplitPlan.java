package dev.playcount.pipeline.source;

import java.io.Serializable;

/**
 * Record-aligned split boundaries of one file ({@code offsets[0] = 0}, the last is the length),
 * each split's first line number, and the file version they were computed for.
 */
public record SplitPlan(long[] offsets, long[] firstLines, long length, long modificationTime)
        implements Serializable {

    SplitPlan withModificationTime(long time) {
        return new SplitPlan(offsets, firstLines, length, time);
    }

    boolean matches(long fileLength, long fileModificationTime) {
        return length == fileLength && modificationTime == fileModificationTime;
    }
}
