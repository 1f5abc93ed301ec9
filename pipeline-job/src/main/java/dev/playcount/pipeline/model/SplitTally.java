package dev.playcount.pipeline.model;

import java.math.BigInteger;

/** What one reader saw in its split, for the run's receipt. */
public class SplitTally {

    public long rowsRead;
    public long rowsAggregated;
    public long invalidRows;
    public long repeatedHeaders;
    public long bytesRead;

    /** The split's lines: {@code [firstLine, endLine)}, all read. */
    public long firstLine;

    public long endLine;

    /** Sum of the plays of the aggregated rows; a split may hold more than a long can. */
    public BigInteger playsIn = BigInteger.ZERO;

    public SplitTally() {}
}
