package dev.playcount.gateway.http;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.task.TaskService;
import dev.playcount.gateway.tus.ResumableUploads;
import dev.playcount.gateway.tus.TusMetadata;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tus creation and discovery endpoints ({@code POST} and {@code OPTIONS /uploads}): what a POST
 * to /tasks checks before its body (metadata, size, quotas, rate), then the library.
 */
final class TusCreation {

    private static final Logger LOG = LoggerFactory.getLogger(TusCreation.class);

    private final ResumableUploads uploads;
    private final TaskService service;
    private final UploadAdmission admission;
    private final TusCors cors;

    TusCreation(
            ResumableUploads uploads,
            TaskService service,
            UploadAdmission admission,
            TusCors cors) {
        this.uploads = uploads;
        this.service = service;
        this.admission = admission;
        this.cors = cors;
    }

    @OpenApi(
            path = Paths.UPLOADS,
            methods = HttpMethod.POST,
            operationId = "createUpload",
            summary = "Create a resumable upload (tus 1.0 creation)",
            description =
                    "Tus-Resumable: 1.0.0, Upload-Length (or Upload-Defer-Length: 1) and"
                        + " Upload-Metadata (filename, invalidRows, idempotencyKey; values in"
                        + " base64). The upload's id, at the end of Location, is its task's id.",
            tags = "uploads",
            headers = {
                @OpenApiParam(name = "Tus-Resumable", required = true, example = "1.0.0"),
                @OpenApiParam(name = "Upload-Length", type = Long.class),
                @OpenApiParam(name = "Upload-Defer-Length", example = "1"),
                @OpenApiParam(
                        name = "Upload-Metadata",
                        example = "filename cGxheXMuY3N2,invalidRows c2tpcA==")
            },
            responses = {
                @OpenApiResponse(status = "201", description = "created: Location, Upload-Expires"),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "413", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "429", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "507", content = @OpenApiContent(from = ErrorBody.class))
            })
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
                                                    ctx.req(),
                                                    res,
                                                    owner,
                                                    fileName,
                                                    policy,
                                                    key,
                                                    () -> admission.giveBack(owner));
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
            TusResponse.answer(ctx, res, "");
            return;
        }
        LOG.info("upload {} created: '{}', {} bytes declared", id.get(), fileName, length);
    }

    @OpenApi(
            path = Paths.UPLOADS,
            methods = HttpMethod.OPTIONS,
            operationId = "tusCapabilities",
            summary = "Tus-Version, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm",
            tags = "uploads",
            responses = @OpenApiResponse(status = "204"))
    void options(Context ctx) throws IOException {
        if (cors.preflight(ctx)) {
            return;
        }
        cors.apply(ctx);
        TusResponse res = new TusResponse(ctx.res());
        uploads.process(ctx.req(), res, null);
        TusResponse.answer(ctx, res, "");
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
