package dev.playcount.core.csv;

/**
 * Splits bytes into RFC 4180 records and fields without copying or decoding them.
 *
 * <p>A record ends at the first line feed outside quotes, where "outside" is decided by the parity
 * of the quote characters seen since the record began. Malformed records are held to the same rule,
 * so the record boundaries found here are exactly the cut points {@link QuoteParity} finds when it
 * splits a file for parallel readers: a row is never read twice or cut in two.
 */
public final class CsvRecordParser {

    /** Returned by {@link #parse} when the buffer ends before the record does. */
    public static final int NEED_MORE = -1;

    private static final byte QUOTE = '"';
    private static final byte COMMA = ',';
    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private CsvRecordParser() {}

    /**
     * Parses the record starting at {@code start}.
     *
     * @param eof whether {@code limit} is the end of the input (the last record may lack a line
     *     ending)
     * @return the offset where the next record starts, or {@link #NEED_MORE}
     */
    public static int parse(byte[] b, int start, int limit, boolean eof, CsvRecord r) {
        r.reset(start);
        int i = start;
        int lineFeeds = 0;
        while (true) {
            int fieldStart = i;
            if (i < limit && b[i] == QUOTE) {
                i++;
                boolean escaped = false;
                while (true) {
                    while (i < limit && b[i] != QUOTE) {
                        if (b[i] == LF) {
                            lineFeeds++;
                        }
                        i++;
                    }
                    if (i >= limit) {
                        if (!eof) {
                            return NEED_MORE;
                        }
                        r.malformed(CsvRecord.Malformation.UNCLOSED_QUOTE, r.fieldCount + 1);
                        return finish(r, limit, limit, lineFeeds);
                    }
                    if (i + 1 < limit && b[i + 1] == QUOTE) {
                        escaped = true;
                        i += 2;
                        continue;
                    }
                    break;
                }
                // b[i] is the closing quote
                if (i + 1 >= limit) {
                    if (!eof) {
                        return NEED_MORE;
                    }
                    r.addField(fieldStart + 1, i, escaped);
                    return finish(r, i + 1, i + 1, lineFeeds);
                }
                r.addField(fieldStart + 1, i, escaped);
                byte d = b[i + 1];
                if (d == COMMA) {
                    i += 2;
                    continue;
                }
                if (d == LF) {
                    return finish(r, i + 1, i + 2, lineFeeds);
                }
                if (d == CR) {
                    if (i + 2 >= limit) {
                        if (!eof) {
                            return NEED_MORE;
                        }
                        return finish(r, i + 1, limit, lineFeeds);
                    }
                    if (b[i + 2] == LF) {
                        return finish(r, i + 1, i + 3, lineFeeds);
                    }
                }
                // the quoted field was already added: it is the malformed one
                r.malformed(CsvRecord.Malformation.TEXT_AFTER_CLOSING_QUOTE, r.fieldCount);
                return skipToRecordEnd(b, i + 1, limit, eof, false, r, lineFeeds);
            }
            byte c = 0;
            while (i < limit) {
                c = b[i];
                if (c == COMMA || c == LF || c == QUOTE) {
                    break;
                }
                i++;
            }
            if (i >= limit) {
                if (!eof) {
                    return NEED_MORE;
                }
                int end = stripCr(b, fieldStart, limit);
                r.addField(fieldStart, end, false);
                return finish(r, end, limit, lineFeeds);
            }
            if (c == COMMA) {
                r.addField(fieldStart, i, false);
                i++;
                continue;
            }
            if (c == LF) {
                int end = stripCr(b, fieldStart, i);
                r.addField(fieldStart, end, false);
                return finish(r, end, i + 1, lineFeeds);
            }
            r.malformed(CsvRecord.Malformation.QUOTE_IN_UNQUOTED_FIELD, r.fieldCount + 1);
            return skipToRecordEnd(b, i + 1, limit, eof, true, r, lineFeeds);
        }
    }

    private static int stripCr(byte[] b, int fieldStart, int end) {
        return end > fieldStart && b[end - 1] == CR ? end - 1 : end;
    }

    private static int finish(CsvRecord r, int contentEnd, int next, int lineFeeds) {
        r.contentEnd = contentEnd;
        r.lineFeeds = lineFeeds;
        return next;
    }

    /** Follows quote parity to the record's end once its fields can no longer be trusted. */
    private static int skipToRecordEnd(
            byte[] b, int i, int limit, boolean eof, boolean inQuotes, CsvRecord r, int lineFeeds) {
        while (i < limit) {
            byte c = b[i];
            if (c == QUOTE) {
                inQuotes = !inQuotes;
            } else if (c == LF) {
                if (!inQuotes) {
                    return finish(r, stripCr(b, r.recordStart, i), i + 1, lineFeeds);
                }
                lineFeeds++;
            }
            i++;
        }
        if (!eof) {
            return NEED_MORE;
        }
        return finish(r, stripCr(b, r.recordStart, limit), limit, lineFeeds);
    }
}
