package dev.playcount.gateway.http;

import dev.playcount.gateway.task.BadRequestException;
import dev.playcount.gateway.task.QuotaExceededException;
import dev.playcount.gateway.task.StorageFullException;
import dev.playcount.gateway.task.TaskNotFoundException;
import dev.playcount.gateway.task.TaskStateException;
import dev.playcount.gateway.task.UnavailableException;
import dev.playcount.gateway.task.UploadInterruptedException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
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
                (e, ctx) ->
                        ctx.status(HttpStatus.BAD_REQUEST)
                                .json(new ErrorBody(e.code(), e.getMessage(), e.details())));
        app.exception(
                TaskNotFoundException.class,
                (e, ctx) ->
                        ctx.status(HttpStatus.NOT_FOUND)
                                .json(ErrorBody.of("task_not_found", e.getMessage())));
        app.exception(TaskStateException.class, ErrorMapping::taskState);
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
                    LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
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
                    ctx.status(HttpStatus.BAD_REQUEST)
                            .json(ErrorBody.of("upload_incomplete", e.getMessage()));
                });
        app.exception(
                Exception.class,
                (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                            .json(
                                    ErrorBody.of(
                                            "internal_error",
                                            "the gateway failed: " + e.getMessage()));
                });
        app.error(
                HttpStatus.NOT_FOUND,
                ctx -> {
                    if (ctx.result() == null) {
                        ctx.json(ErrorBody.of("not_found", "no such path: " + ctx.path()));
                    }
                });
        app.error(
                HttpStatus.METHOD_NOT_ALLOWED,
                ctx ->
                        ctx.json(
                                ErrorBody.of(
                                        "method_not_allowed",
                                        ctx.method() + " is not allowed on " + ctx.path())));
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
