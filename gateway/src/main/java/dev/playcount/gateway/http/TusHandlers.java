package dev.playcount.gateway.http;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskNotFoundException;
import dev.playcount.gateway.task.TaskService;
import dev.playcount.gateway.tus.ResumableUploads;
import dev.playcount.gateway.tus.TusMetadata;
import dev.playcount.gateway.tus.TusSession;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tus 1.0 endpoints under {@code /uploads}: HTTP only. They check what the API checks for a
 * POST (metadata, size, quotas, limits), let tus-java-server answer the protocol, and answer what
 * it refuses with the API's error body.
 */
final class TusHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(TusHandlers.class);

    private final ResumableUploads uploads;
    private final TaskService service;
    private final UploadAdmission admission;
    private final TusCors cors;

    TusHandlers(
            ResumableUploads uploads,
            TaskService service,
            UploadAdmission admission,
            TusCors cors) {
        this.uploads = uploads;
        this.service = service;
        this.admission = admission;
        this.cors = cors;
    }

    void create(Context ctx) throws IOException {
        cors.apply(ctx);
        String owner = ApiKeys.owner(ctx);
        Map<String, String> meta = TusMetadata.parse(ctx.header("Upload-Metadata"));
        String fileName = UploadReceiver.fileName(meta.get(TusMetadata.FILENAME));
        InvalidRowPolicy policy = InvalidRowsParameter.parse(meta.get(TusMetadata.INVALID_ROWS));
        String key = IdempotencyKey.of(meta.get(TusMetadata.IDEMPOTENCY_KEY));
        long length = declaredLength(ctx);
        service.checkCanAccept(owner, length, length);
        if (!uploads.roomForAnother()) {
            throw new LimitException(
                    503,
                    "too_many_open_uploads",
                    "the gateway follows "
                            + uploads.maxOpen()
                            + " unfinished resumable uploads, the most MAX_OPEN_UPLOADS allows;"
                            + " finish or terminate one, or try again shortly",
                    30);
        }
        TusResponse res = new TusResponse(ctx.res());
        Optional<String> id;
        try {
            id =
                    admission.withToken(
                            owner,
                            () -> {
                                try {
                                    Optional<String> created =
                                            uploads.create(
                                                    ctx.req(), res, owner, fileName, policy, key);
                                    if (created.isEmpty()) {
                                        // no upload: the token goes back
                                        throw new TusRefusal();
                                    }
                                    return created;
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
        } catch (TusRefusal e) {
            answerRefusal(ctx, res, "");
            return;
        }
        LOG.info("upload {} created: '{}', {} bytes declared", id.get(), fileName, length);
    }

    void patch(Context ctx) throws IOException {
        cors.apply(ctx);
        TusSession session = live(ctx);
        TusResponse res = new TusResponse(ctx.res());
        try (TransferLimit.Slot slot = admission.slot(session.owner())) {
            uploads.patch(ctx.req(), res, session);
        } catch (IOException e) {
            // the client went away mid-PATCH: what arrived is kept, it resumes from the offset
            LOG.info("upload {}: PATCH cut short: {}", session.id(), e.toString());
            return;
        }
        if (session.end() == TusSession.End.REFUSED) {
            throw refusal(ctx, session);
        }
        answerRefusal(ctx, res, session.id());
    }

    void head(Context ctx) throws IOException {
        cors.apply(ctx);
        String id = uploadId(ctx);
        TusSession session = uploads.find(ApiKeys.owner(ctx), id).orElse(null);
        if (session != null && session.end() == TusSession.End.REFUSED) {
            throw session.failure();
        }
        if (session != null && session.end() == TusSession.End.ACCEPTED) {
            // its files are gone with the task made: the upload is whole
            ctx.status(200)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", Long.toString(session.length()))
                    .header("Upload-Length", Long.toString(session.length()))
                    .header("Cache-Control", "no-store");
            return;
        }
        if (session == null || session.end() == TusSession.End.INTERRUPTED) {
            ctx.status(404).header("Tus-Resumable", "1.0.0").header("Cache-Control", "no-store");
            return;
        }
        TusResponse res = new TusResponse(ctx.res());
        uploads.process(ctx.req(), res, session);
        answerRefusal(ctx, res, id);
    }

    void delete(Context ctx) throws IOException {
        cors.apply(ctx);
        TusSession session = live(ctx);
        TusResponse res = new TusResponse(ctx.res());
        uploads.process(ctx.req(), res, session);
        answerRefusal(ctx, res, session.id());
    }

    void options(Context ctx) throws IOException {
        if (cors.preflight(ctx)) {
            return;
        }
        cors.apply(ctx);
        TusResponse res = new TusResponse(ctx.res());
        uploads.process(ctx.req(), res, null);
        answerRefusal(ctx, res, "");
    }

    /**
     * The status of a task, or of an upload that has no task yet: {@code GET /tasks/{id}/status}
     * answers for both, the upload's id being its task's.
     */
    Handler status(Handler taskStatus) {
        return ctx -> {
            try {
                taskStatus.handle(ctx);
            } catch (TaskNotFoundException e) {
                String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
                Task uploading = uploads.uploadingTask(ApiKeys.owner(ctx), id).orElseThrow(() -> e);
                ctx.json(TaskEnvelope.of(uploading));
            }
        };
    }

    /** The upload a PATCH or DELETE goes to, still receiving; why not otherwise. */
    private TusSession live(Context ctx) {
        String id = uploadId(ctx);
        TusSession session = uploads.find(ApiKeys.owner(ctx), id).orElseThrow(() -> notFound(id));
        switch (session.end()) {
            case REFUSED -> throw session.failure();
            case ACCEPTED ->
                    throw new ApiException(
                            409,
                            "upload_complete",
                            "upload "
                                    + id
                                    + " is complete: it is task "
                                    + session.task().id()
                                    + " ("
                                    + Paths.status(session.task().id())
                                    + ")");
            case INTERRUPTED -> throw notFound(id);
            default -> {
                return session;
            }
        }
    }

    /**
     * Answers what the library refused with the error body. The library sets Content-Length: 0 on
     * every answer; a body needs it gone. It also answers nothing when another request holds the
     * upload's lock (a PATCH the server has not yet seen cut): that is a 423.
     */
    private static void answerRefusal(Context ctx, TusResponse res, String id) {
        if (res.failed()) {
            withBody(ctx).status(res.errorStatus()).json(res.errorBody(id));
        } else if (res.getHeader("Tus-Resumable") == null) {
            withBody(ctx)
                    .status(423)
                    .header("Retry-After", "1")
                    .json(
                            ErrorBody.of(
                                    "upload_locked",
                                    "another request to upload "
                                            + id
                                            + " is still running; retry shortly"));
        }
    }

    /** The context, ready for an error body after the library set Content-Length: 0. */
    private static Context withBody(Context ctx) {
        ctx.res().setHeader("Content-Length", null);
        return ctx;
    }

    /** Throws the failure that ended the upload, as the API answers it. */
    private static RuntimeException refusal(Context ctx, TusSession session) {
        withBody(ctx);
        return session.failure();
    }

    private static ApiException notFound(String id) {
        return new ApiException(
                404,
                "upload_not_found",
                "no unfinished upload "
                        + id
                        + " for this API key (expired, terminated or never"
                        + " created)");
    }

    private static String uploadId(Context ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        try {
            return java.util.UUID.fromString(id).toString();
        } catch (IllegalArgumentException e) {
            throw notFound(id.length() > 40 ? id.substring(0, 40) + "..." : id);
        }
    }

    /** The Upload-Length of a creation, -1 when deferred or absent (the library checks which). */
    private static long declaredLength(Context ctx) {
        String value = ctx.header("Upload-Length");
        if (value == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new dev.playcount.gateway.task.BadRequestException(
                "invalid_tus_request",
                "Upload-Length must be a whole number of bytes from 0 up",
                java.util.List.of());
    }

    /** The library refused the creation: its answer (held in the response) goes out as is. */
    private static final class TusRefusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
