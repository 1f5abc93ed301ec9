package dev.playcount.gateway.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams a CSV file as an attachment with byte ranges (resumable downloads), straight from the
 * file to the socket with a fixed buffer.
 */
final class FileResponder {

    private static final int BUFFER = 1 << 20;

    private FileResponder() {}

    /**
     * Sends the file, or the asked range of it.
     *
     * @return true when the response carried the file's last byte and was written completely
     */
    static boolean send(Context ctx, Path file, String attachmentName) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteRange range;
            try {
                range = ByteRange.parse(ctx.header("Range"), size);
            } catch (ApiException unsatisfiable) {
                // RFC 9110 15.5.17: a 416 names the current length, so a client can ask again
                ctx.res().setHeader("Content-Range", "bytes */" + size);
                throw unsatisfiable;
            }
            long first = range == null ? 0 : range.first();
            long length = range == null ? size : range.length();
            ctx.res().setHeader("Accept-Ranges", "bytes");
            ctx.res().setContentType("text/csv; charset=utf-8");
            ctx.res()
                    .setHeader(
                            "Content-Disposition",
                            "attachment; filename=\"" + attachmentName + "\"");
            ctx.res().setContentLengthLong(length);
            if (range != null) {
                ctx.status(HttpStatus.PARTIAL_CONTENT);
                ctx.res()
                        .setHeader(
                                "Content-Range",
                                "bytes " + range.first() + "-" + range.last() + "/" + size);
            } else {
                ctx.status(HttpStatus.OK);
            }
            if ("HEAD".equals(ctx.method().name())) {
                return false;
            }
            copy(channel, first, length, ctx.res().getOutputStream());
            return first + length == size;
        } catch (NoSuchFileException e) {
            throw new ApiException(
                    HttpStatus.GONE.getCode(), "expired", "the file is no longer stored");
        } catch (IOException e) {
            // The client went away mid-transfer: nothing to answer, and the task stays as it is.
            throw new UncheckedIOException("download interrupted", e);
        }
    }

    private static void copy(FileChannel in, long position, long length, OutputStream out)
            throws IOException {
        // no larger than what is sent: a small file or range pins a small buffer
        int size = (int) Math.max(1, Math.min(BUFFER, length));
        ByteBuffer buffer = ByteBuffer.allocate(size);
        long remaining = length;
        long at = position;
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(size, remaining));
            int n = in.read(buffer, at);
            if (n < 0) {
                throw new IOException("the file ended early");
            }
            out.write(buffer.array(), 0, n);
            at += n;
            remaining -= n;
        }
        out.flush();
    }
}
