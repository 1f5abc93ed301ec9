package dev.playcount.gateway.http;

import dev.playcount.gateway.task.Encoding;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An upload's Content-Encoding header: the one coding the gateway decodes, if any. */
final class ContentCoding {

    static final String HEADER = "Content-Encoding";

    private ContentCoding() {}

    /**
     * The body's coding: gzip or zstd; null when the header is absent or names only identity (the
     * upload's first bytes then tell whether the file itself is compressed).
     *
     * @throws ApiException 415 {@code unsupported_encoding} for any other coding, or for more than
     *     one
     */
    static Encoding of(Context ctx) {
        List<String> values =
                ctx.req().getHeaders(HEADER) == null
                        ? List.of()
                        : Collections.list(ctx.req().getHeaders(HEADER));
        List<Encoding> codings = new ArrayList<>();
        for (String value : values) {
            for (String coding : value.split(",")) {
                if (coding.isBlank()) {
                    continue;
                }
                Encoding e =
                        Encoding.ofContentCoding(coding)
                                .orElseThrow(() -> unsupported("'" + coding.strip() + "' is not"));
                if (e != Encoding.IDENTITY) {
                    codings.add(e);
                }
            }
        }
        if (codings.size() > 1) {
            throw unsupported(
                    "'" + String.join(", ", values) + "' (codings applied in turn) is not");
        }
        return codings.isEmpty() ? null : codings.get(0);
    }

    private static ApiException unsupported(String what) {
        String shown = what.length() > 120 ? what.substring(0, 120) + "..." : what;
        return new ApiException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                "unsupported_encoding",
                "Content-Encoding "
                        + shown
                        + " accepted: send one of gzip, zstd or identity, or no Content-Encoding"
                        + " (a .csv.gz or .csv.zst file is also recognised by its first bytes)");
    }
}
