package dev.playcount.pipeline.model;

/**
 * What the CSV reader emits: a partial sum, a rejected row, or the tally of a finished split.
 *
 * <p>One flat type instead of three streams, because a source has one output; it never crosses the
 * network (the router chained to the source splits it), so its width costs nothing.
 */
public class SourceEvent {

    public PartialSum sum;
    public RejectedRow rejected;
    public SplitTally tally;

    public SourceEvent() {}

    public static SourceEvent of(PartialSum sum) {
        SourceEvent e = new SourceEvent();
        e.sum = sum;
        return e;
    }

    public static SourceEvent of(RejectedRow rejected) {
        SourceEvent e = new SourceEvent();
        e.rejected = rejected;
        return e;
    }

    public static SourceEvent of(SplitTally tally) {
        SourceEvent e = new SourceEvent();
        e.tally = tally;
        return e;
    }
}
