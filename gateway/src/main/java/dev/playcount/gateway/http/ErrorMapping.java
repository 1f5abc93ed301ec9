package dev.playcount.gateway.http;

import dev.playcount.gateway.task.BadRequestException;
import dev.playcount.gateway.task.IdempotencyKeyReusedException;
import dev.playcount.gateway.task.QuotaExceededException;
import dev.playcount.gateway.task.StorageFullException;
import dev.playcount.gateway.task.TaskNotFoundException;
import dev.playcount.gateway.task.TaskStateException;
import dev.playcount.gateway.task.UnavailableException;
import dev.playcount.gateway.task.UploadInterruptedException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into the API's error body and the status the design gives it. */
final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    static final String RETRY_AFTER_SECONDS = "5";

    private ErrorMapping() {}

    static void install(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        app.exception(
                BadRequestException.class,
                (e, ctx) -> {
                    // refused before its body was read to the end (a bad header, a bad row found
                    // by the job while the upload runs): the client must stop sending
                    ctx.header("Connection", "close");
                    ctx.status(HttpStatus.BAD_REQUEST)
                            .json(new ErrorBody(e.code(), e.getMessage(), e.details()));
                });
        app.exception(
                TaskNotFoundException.class,
                (e, ctx) ->
                        ctx.status(HttpStatus.NOT_FOUND)
                                .json(ErrorBody.of("task_not_found", e.getMessage())));
        app.exception(TaskStateException.class, ErrorMapping::taskState);
        app.exception(
                IdempotencyKeyReusedException.class,
                (e, ctx) ->
                        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT)
                                .json(
                                        new ErrorBody(
                                                "idempotency_key_reused",
                                                e.getMessage(),
                                                List.of(e.taskId()))));
        app.exception(
                LimitException.class,
                (e, ctx) ->
                        ctx.status(e.status())
                                .header("Retry-After", e.retryAfter())
                                .json(e.body()));
        app.exception(QuotaExceededException.class, ErrorMapping::quota);
        app.exception(BadMessageException.class, ErrorMapping::badMessage);
        app.exception(
                StorageFullException.class,
                (e, ctx) ->
                        ctx.status(HttpStatus.INSUFFICIENT_STORAGE)
                                .json(ErrorBody.of("insufficient_storage", e.getMessage())));
        app.exception(
                UnavailableException.class,
                (e, ctx) -> {
                    // the cause (a driver's or client's text) is for the log, never the answer
                    LOG.warn(
                            "{} {}: {} ({})",
                            ctx.method(),
                            ctx.path(),
                            e.getMessage(),
                            e.getCause() == null ? "no cause" : e.getCause().toString());
                    ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                            .header("Retry-After", RETRY_AFTER_SECONDS)
                            .json(ErrorBody.of("service_unavailable", e.getMessage()));
                });
        app.exception(
                UploadInterruptedException.class,
                (e, ctx) -> {
                    LOG.info("upload abandoned, nothing kept: {}", e.getMessage());
                    if (e.timedOut()) {
                        ctx.status(HttpStatus.REQUEST_TIMEOUT)
                                .json(ErrorBody.of("request_timeout", e.getMessage()));
                        return;
                    }
                    // not e's message: it ends with the I/O exception's own text
                    ctx.status(HttpStatus.BAD_REQUEST)
                            .json(
                                    ErrorBody.of(
                                            "upload_incomplete",
                                            "the upload ended before the file was complete;"
                                                    + " nothing was kept"));
                });
        app.exception(
                Exception.class,
                (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    // the exception's text is Java's, not the client's business: the log has it
                    ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                            .json(
                                    ErrorBody.of(
                                            "internal_error",
                                            "the gateway failed to answer this request; its log"
                                                    + " says why"));
                });
        // Javalin's own answers (no route, a route without this method) as the error body
        app.exception(NotFoundResponse.class, (e, ctx) -> notFound(ctx));
        app.exception(MethodNotAllowedResponse.class, ErrorMapping::methodNotAllowed);
        app.exception(
                HttpResponseException.class,
                (e, ctx) ->
                        ctx.status(e.getStatus())
                                .json(
                                        ErrorBody.of(
                                                "http_" + e.getStatus(),
                                                HttpStatus.forStatus(e.getStatus()).getMessage())));
    }

    private static void notFound(Context ctx) {
        ctx.status(HttpStatus.NOT_FOUND)
                .json(ErrorBody.of("not_found", "no such path: " + printable(ctx.path())));
    }

    /** RFC 9110 15.5.6: a 405 carries Allow, the methods the path takes. */
    private static void methodNotAllowed(MethodNotAllowedResponse e, Context ctx) {
        String allowed = String.join(", ", e.getDetails().values());
        ctx.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header("Allow", allowed)
                .json(
                        new ErrorBody(
                                "method_not_allowed",
                                ctx.method()
                                        + " is not allowed on "
                                        + printable(ctx.path())
                                        + "; allowed: "
                                        + allowed,
                                List.of()));
    }

    /** The path as the client sent it, cut and without control characters, for a message. */
    private static String printable(String path) {
        String cut = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static void quota(QuotaExceededException e, Context ctx) {
        switch (e.kind()) {
            case UPLOAD_SIZE ->
                    ctx.status(HttpStatus.CONTENT_TOO_LARGE)
                            .json(ErrorBody.of("upload_too_large", e.getMessage()));
            case RUNNING_TASKS ->
                    ctx.status(HttpStatus.TOO_MANY_REQUESTS)
                            .header("Retry-After", RETRY_AFTER_SECONDS)
                            .json(ErrorBody.of("too_many_running_tasks", e.getMessage()));
            case STORED_BYTES ->
                    ctx.status(HttpStatus.INSUFFICIENT_STORAGE)
                            .json(ErrorBody.of("storage_quota_exceeded", e.getMessage()));
        }
    }

    /**
     * Jetty's refusals raised while a handler reads the body: a body slower than MIN_DATA_RATE
     * (408), a broken chunk (400). The upload is dropped; the client learns why.
     */
    private static void badMessage(BadMessageException e, Context ctx) {
        LOG.info("{} {}: {} {}", ctx.method(), ctx.path(), e.getCode(), e.getReason());
        boolean slow = e.getCode() == HttpStatus.REQUEST_TIMEOUT.getCode();
        ctx.status(e.getCode())
                .json(
                        ErrorBody.of(
                                slow ? "request_too_slow" : "bad_request",
                                slow
                                        ? "the request body arrived slower than MIN_DATA_RATE"
                                                + " allows; nothing was kept"
                                        : "the request body is malformed (HTTP "
                                                + e.getCode()
                                                + ")"));
    }

    private static void taskState(TaskStateException e, Context ctx) {
        if (e.expired()) {
            ctx.status(HttpStatus.GONE).json(ErrorBody.of("expired", e.getMessage()));
            return;
        }
        if (e.worthRetrying()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        TaskEnvelope envelope = TaskEnvelope.of(e.task());
        ctx.status(HttpStatus.CONFLICT)
                .json(
                        Map.of(
                                "code", e.code(),
                                "message", e.getMessage(),
                                "details", List.of(),
                                "task", envelope.task(),
                                "next", envelope.next()));
    }
}
