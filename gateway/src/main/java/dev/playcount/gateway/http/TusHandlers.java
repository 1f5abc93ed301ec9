package dev.playcount.gateway.http;

import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskNotFoundException;
import dev.playcount.gateway.tus.ResumableUploads;
import dev.playcount.gateway.tus.TusSession;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.OverlappingFileLockException;
import java.util.Locale;
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
    private final UploadAdmission admission;
    private final TusCors cors;

    TusHandlers(ResumableUploads uploads, UploadAdmission admission, TusCors cors) {
        this.uploads = uploads;
        this.admission = admission;
        this.cors = cors;
    }

    @OpenApi(
            path = Paths.UPLOAD,
            methods = HttpMethod.PATCH,
            operationId = "appendToUpload",
            summary = "Append bytes at the upload's offset (tus 1.0 core, checksum)",
            description =
                    "Content-Type: application/offset+octet-stream, Upload-Offset, optionally"
                            + " Upload-Checksum. The last byte makes the task; this answer waits"
                            + " for it.",
            tags = "uploads",
            pathParams = @OpenApiParam(name = "id", required = true),
            headers = {
                @OpenApiParam(name = "Tus-Resumable", required = true, example = "1.0.0"),
                @OpenApiParam(name = "Upload-Offset", required = true, type = Long.class),
                @OpenApiParam(
                        name = "Upload-Checksum",
                        example = "sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=")
            },
            requestBody =
                    @OpenApiRequestBody(
                            content =
                                    @OpenApiContent(
                                            mimeType = "application/offset+octet-stream",
                                            type = "string",
                                            format = "binary")),
            responses = {
                @OpenApiResponse(status = "204", description = "stored: Upload-Offset"),
                @OpenApiResponse(
                        status = "400",
                        description = "the upload was refused (bad header...), as POST /tasks",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "413", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "422", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "423", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "460",
                        description = "checksum mismatch",
                        content = @OpenApiContent(from = ErrorBody.class))
            })
    void patch(Context ctx) throws IOException {
        cors.apply(ctx);
        TusSession session = live(ctx);
        TusResponse res = new TusResponse(ctx.res());
        try (TransferLimit.Slot slot = admission.slot(session.owner())) {
            uploads.patch(ctx.req(), res, session);
        } catch (OverlappingFileLockException e) {
            // the library's file lock, held by another request of this JVM, throws, not waits
            TusResponse.locked(ctx, session.id());
            return;
        } catch (IOException e) {
            if (session.end() == TusSession.End.REFUSED) {
                // the upload was refused while this PATCH sent: it learns why at once
                throw refusal(ctx, session);
            }
            // the client went away mid-PATCH: what arrived is kept, it resumes from the offset
            LOG.info("upload {}: PATCH cut short: {}", session.id(), e.toString());
            return;
        }
        if (session.end() == TusSession.End.REFUSED) {
            throw refusal(ctx, session);
        }
        TusResponse.answer(ctx, res, session.id());
    }

    @OpenApi(
            path = Paths.UPLOAD,
            methods = HttpMethod.HEAD,
            operationId = "uploadOffset",
            summary = "The upload's offset, to resume from (tus 1.0 core)",
            tags = "uploads",
            pathParams = @OpenApiParam(name = "id", required = true),
            responses = {
                @OpenApiResponse(status = "204", description = "Upload-Offset, Upload-Length"),
                @OpenApiResponse(status = "200", description = "complete: its task exists"),
                @OpenApiResponse(status = "400", description = "the upload was refused"),
                @OpenApiResponse(status = "404"),
                @OpenApiResponse(status = "423", description = "a PATCH still runs")
            })
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
        try {
            uploads.process(ctx.req(), res, session);
        } catch (OverlappingFileLockException | EOFException e) {
            // a PATCH still holds the upload (its info file is being written): a retry finds it
            TusResponse.locked(ctx, id);
            return;
        }
        TusResponse.answer(ctx, res, id);
    }

    @OpenApi(
            path = Paths.UPLOAD,
            methods = HttpMethod.DELETE,
            operationId = "terminateUpload",
            summary = "Terminate an unfinished upload and delete its bytes (tus 1.0 termination)",
            tags = "uploads",
            pathParams = @OpenApiParam(name = "id", required = true),
            responses = {
                @OpenApiResponse(status = "204"),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ErrorBody.class))
            })
    void delete(Context ctx) throws IOException {
        cors.apply(ctx);
        TusSession session = live(ctx);
        TusResponse res = new TusResponse(ctx.res());
        try {
            uploads.process(ctx.req(), res, session);
        } catch (OverlappingFileLockException e) {
            TusResponse.locked(ctx, session.id());
            return;
        }
        TusResponse.answer(ctx, res, session.id());
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

    /**
     * Cancels a task, or an upload that has no task yet: {@code DELETE /tasks/{id}} of an
     * unfinished upload ends it as a termination does, and answers it as a CANCELLED task. A task
     * whose upload is unfinished stays CANCELLED.
     */
    Handler cancel(Handler cancelTask) {
        return ctx -> {
            try {
                cancelTask.handle(ctx);
                // a task recorded while its upload still arrives (past its first MiB): the upload
                // ends now, not at the next look of its watch, so no PATCH is taken after this
                uploads.cancel(ApiKeys.owner(ctx), ctx.pathParam("id").toLowerCase(Locale.ROOT));
            } catch (TaskNotFoundException e) {
                String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
                Task cancelled = uploads.cancel(ApiKeys.owner(ctx), id).orElseThrow(() -> e);
                ctx.json(TaskEnvelope.of(cancelled));
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

    /** Throws the failure that ended the upload, as the API answers it. */
    private static RuntimeException refusal(Context ctx, TusSession session) {
        TusResponse.withBody(ctx);
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
}
