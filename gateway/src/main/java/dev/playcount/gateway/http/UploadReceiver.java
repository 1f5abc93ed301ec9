package dev.playcount.gateway.http;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.task.BadRequestException;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.Upload;
import dev.playcount.gateway.task.UploadInterruptedException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads an upload from the request as a stream, never spooled: the {@code file} part of a multipart
 * form (Commons FileUpload's streaming API) or a raw {@code text/csv} body.
 */
final class UploadReceiver {

    private static final String DEFAULT_NAME = "upload.csv";

    private UploadReceiver() {}

    /** The file's size as the request declares it: a raw body's Content-Length, else -1. */
    static long declaredFileBytes(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        boolean raw = type.startsWith("text/csv") || type.startsWith("application/csv");
        return raw && ctx.header("Content-Encoding") == null ? ctx.contentLength() : -1;
    }

    /**
     * Hands the upload to {@code accept} while its body is still being read.
     *
     * @param policy the {@code invalidRows} query parameter, which a form field may override
     */
    static Task receive(
            Context ctx,
            InvalidRowPolicy policy,
            String idempotencyKey,
            Function<Upload, Task> accept) {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        String type = contentType.toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith("multipart/form-data")) {
                return multipart(ctx, policy, idempotencyKey, accept);
            }
            if (type.startsWith("text/csv") || type.startsWith("application/csv")) {
                String name = fileName(ctx.queryParam("filename"));
                return accept.apply(
                        new Upload(
                                name,
                                ctx.req().getInputStream(),
                                ctx.contentLength(),
                                policy,
                                idempotencyKey));
            }
        } catch (IOException e) {
            throw UploadInterruptedException.of(e);
        }
        throw new ApiException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                "unsupported_media_type",
                "send the CSV as multipart/form-data with a part named file, or as a text/csv"
                        + " body; got Content-Type '"
                        + contentType
                        + "'");
    }

    private static Task multipart(
            Context ctx,
            InvalidRowPolicy policy,
            String idempotencyKey,
            Function<Upload, Task> accept)
            throws IOException {
        String boundary = MultipartReader.boundary(ctx.contentType());
        if (boundary == null) {
            throw new BadRequestException(
                    "invalid_multipart",
                    "the multipart Content-Type has no boundary parameter",
                    List.of());
        }
        MultipartReader parts = new MultipartReader(ctx.req().getInputStream(), boundary);
        MultipartReader.Part part;
        while ((part = parts.next()) != null) {
            if (part.fileName() == null && "invalidRows".equals(part.name())) {
                policy =
                        InvalidRowsParameter.parse(
                                new String(part.content().readNBytes(16), StandardCharsets.UTF_8));
            } else if (part.fileName() != null && "file".equals(part.name())) {
                String name = fileName(part.fileName());
                return accept.apply(
                        new Upload(
                                name, toTheEnd(part.content(), parts), -1, policy, idempotencyKey));
            }
        }
        throw new BadRequestException(
                "missing_file",
                "the form has no file part: send the CSV in a multipart part named 'file'",
                List.of());
    }

    /**
     * The file part's content, which ends only once the whole body has arrived: a body shorter than
     * its Content-Length then fails the upload (400) rather than making a task.
     */
    private static InputStream toTheEnd(InputStream content, MultipartReader parts) {
        return new FilterInputStream(content) {
            private boolean finished;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0 && !finished) {
                    finished = true;
                    parts.finish();
                }
                return n;
            }
        };
    }

    /** The client's file name, for display only; it must name a .csv file. */
    static String fileName(String given) {
        if (given == null || given.isBlank()) {
            return DEFAULT_NAME;
        }
        String name = given.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new BadRequestException(
                    "unsupported_file_type",
                    "only .csv files are accepted; got '" + name + "'",
                    List.of());
        }
        return name.length() > 255 ? name.substring(name.length() - 255) : name;
    }
}
