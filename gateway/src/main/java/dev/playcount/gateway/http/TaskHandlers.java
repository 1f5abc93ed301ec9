package dev.playcount.gateway.http;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskPage;
import dev.playcount.gateway.task.TaskQuery;
import dev.playcount.gateway.task.TaskService;
import dev.playcount.gateway.task.TaskStatus;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiContentProperty;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The task endpoints: HTTP in and out only; {@link TaskService} does the work. */
final class TaskHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(TaskHandlers.class);
    private static final int MAX_PAGE_SIZE = 200;

    private final TaskService service;
    private final LongConsumer uploadBytes;
    private final UploadAdmission admission;
    private final TransferLimit downloads;

    TaskHandlers(
            TaskService service,
            LongConsumer uploadBytes,
            UploadAdmission admission,
            TransferLimit downloads) {
        this.service = service;
        this.uploadBytes = uploadBytes;
        this.admission = admission;
        this.downloads = downloads;
    }

    @OpenApi(
            path = Paths.TASKS,
            methods = HttpMethod.POST,
            operationId = "createTask",
            summary = "Upload a CSV of plays and queue its aggregation",
            description =
                    "Streams the file to storage, checks its header from the first bytes, records"
                            + " the task and queues its job. Send multipart/form-data with a part"
                            + " named file (a .csv), or a raw text/csv body. Either may be"
                            + " compressed: Content-Encoding gzip or zstd on the body, or a .csv.gz"
                            + " or .csv.zst file told by its first bytes; it is decoded as it"
                            + " arrives and stored as plain CSV.",
            tags = "tasks",
            queryParams = {
                @OpenApiParam(
                        name = "invalidRows",
                        description =
                                "fail (default): the task fails at the first invalid row; skip:"
                                        + " invalid rows are left out and kept as rejects",
                        example = "fail"),
                @OpenApiParam(
                        name = "filename",
                        description = "the file's name for a raw text/csv body",
                        example = "plays.csv")
            },
            headers = {
                @OpenApiParam(
                        name = "Idempotency-Key",
                        description =
                                "1 to 255 characters; a retried POST with the"
                                        + " same key and the same file and invalidRows"
                                        + " returns the first task, with another file 422"),
                @OpenApiParam(
                        name = "Content-Encoding",
                        description =
                                "gzip, zstd or identity: how the whole body is compressed;"
                                        + " without it, a gzip or zstd file is told by its"
                                        + " magic bytes",
                        example = "gzip")
            },
            requestBody =
                    @OpenApiRequestBody(
                            required = true,
                            content = {
                                @OpenApiContent(
                                        mimeType = "multipart/form-data",
                                        properties =
                                                @OpenApiContentProperty(
                                                        name = "file",
                                                        type = "string",
                                                        format = "binary")),
                                @OpenApiContent(
                                        mimeType = "text/csv",
                                        type = "string",
                                        format = "binary")
                            }),
            responses = {
                @OpenApiResponse(
                        status = "202",
                        description = "accepted; Location and next point at the status",
                        content = @OpenApiContent(from = TaskEnvelope.class)),
                @OpenApiResponse(
                        status = "400",
                        description =
                                "no file part, not a .csv, bad header, empty, cut off, a corrupt"
                                        + " or truncated gzip or zstd stream",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "413", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "415",
                        description = "neither multipart nor text/csv, or another Content-Encoding",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "422",
                        description = "the Idempotency-Key was used with another file",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "429",
                        description = "a limit of this key (Retry-After)",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "503",
                        description = "a limit of the gateway, or a service is down",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "507",
                        description = "not enough free disk, or this key's stored bytes quota",
                        content = @OpenApiContent(from = ErrorBody.class))
            })
    void create(Context ctx) {
        String owner = ApiKeys.owner(ctx);
        InvalidRowPolicy policy = InvalidRowsParameter.parse(ctx.queryParam("invalidRows"));
        String key = IdempotencyKey.of(ctx.header(IdempotencyKey.HEADER));
        // a retry is read too: only its file's SHA-256 tells the same request from another one
        Task task = admission.admit(owner, () -> receive(ctx, owner, policy, key));
        TaskEnvelope body = TaskEnvelope.of(task);
        ctx.status(HttpStatus.ACCEPTED).header("Location", body.next()).json(body);
    }

    private Task receive(Context ctx, String owner, InvalidRowPolicy policy, String key) {
        service.checkCanAccept(owner, ctx.contentLength(), UploadReceiver.declaredFileBytes(ctx));
        return UploadReceiver.receive(
                ctx, policy, key, upload -> service.accept(owner, upload, uploadBytes));
    }

    @OpenApi(
            path = Paths.STATUS,
            methods = HttpMethod.GET,
            operationId = "getTaskStatus",
            summary = "A task's status, progress and counts",
            tags = "tasks",
            pathParams = @OpenApiParam(name = "id", required = true),
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(from = TaskEnvelope.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))
            })
    void status(Context ctx) {
        ctx.json(TaskEnvelope.of(service.get(ApiKeys.owner(ctx), taskId(ctx))));
    }

    @OpenApi(
            path = Paths.TASKS,
            methods = HttpMethod.GET,
            operationId = "listTasks",
            summary = "The caller's tasks, newest first",
            tags = "tasks",
            queryParams = {
                @OpenApiParam(name = "status", description = "only tasks with this status"),
                @OpenApiParam(name = "page", type = Integer.class, description = "1-based"),
                @OpenApiParam(
                        name = "pageSize",
                        type = Integer.class,
                        description = "1 to 200, default 20")
            },
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(from = TaskListView.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class))
            })
    void list(Context ctx) {
        int page = ListParams.intParam(ctx, "page", 1, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = ListParams.intParam(ctx, "pageSize", 20, MAX_PAGE_SIZE);
        String statusParam = ctx.queryParam("status");
        TaskStatus status =
                statusParam == null || statusParam.isBlank()
                        ? null
                        : ListParams.status(statusParam);
        TaskPage result = service.list(new TaskQuery(ApiKeys.owner(ctx), status, page, pageSize));
        String next =
                result.hasNext()
                        ? Paths.TASKS
                                + "?page="
                                + (page + 1)
                                + "&pageSize="
                                + pageSize
                                + (status == null ? "" : "&status=" + status.name())
                        : null;
        ctx.json(
                new TaskListView(
                        result.tasks().stream().map(TaskView::of).toList(),
                        page,
                        pageSize,
                        result.total(),
                        next));
    }

    @OpenApi(
            path = Paths.TASK,
            methods = HttpMethod.DELETE,
            operationId = "cancelTask",
            summary = "Cancel a queued or running task and delete its files",
            tags = "tasks",
            pathParams = @OpenApiParam(name = "id", required = true),
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(from = TaskEnvelope.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "409",
                        description = "the task already finished",
                        content = @OpenApiContent(from = ErrorBody.class))
            })
    void cancel(Context ctx) {
        ctx.json(TaskEnvelope.of(service.cancel(ApiKeys.owner(ctx), taskId(ctx))));
    }

    @OpenApi(
            path = Paths.DOWNLOAD,
            methods = HttpMethod.GET,
            operationId = "downloadResult",
            summary = "The result CSV (byte ranges supported)",
            description =
                    "The task becomes DOWNLOADED once a transfer reaches the file's last byte.",
            tags = "tasks",
            pathParams = @OpenApiParam(name = "id", required = true),
            headers = @OpenApiParam(name = "Range", example = "bytes=0-"),
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(mimeType = "text/csv", type = "string")),
                @OpenApiResponse(
                        status = "206",
                        content = @OpenApiContent(mimeType = "text/csv", type = "string")),
                @OpenApiResponse(
                        status = "409",
                        description = "not ready yet (Retry-After) or failed",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "410",
                        description = "expired",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "429", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))
            })
    void download(Context ctx) {
        String owner = ApiKeys.owner(ctx);
        Task task = service.readyForDownload(owner, taskId(ctx));
        try (TransferLimit.Slot slot = downloads.acquire(owner)) {
            if (send(ctx, service.resultFile(task), "results.csv")) {
                service.downloaded(task);
            }
        }
    }

    @OpenApi(
            path = Paths.REJECTS,
            methods = HttpMethod.GET,
            operationId = "downloadRejects",
            summary = "The rejects CSV (Line,Reason,Row) of an invalidRows=skip task",
            tags = "tasks",
            pathParams = @OpenApiParam(name = "id", required = true),
            responses = {
                @OpenApiResponse(
                        status = "200",
                        content = @OpenApiContent(mimeType = "text/csv", type = "string")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "410", content = @OpenApiContent(from = ErrorBody.class))
            })
    void rejects(Context ctx) {
        String owner = ApiKeys.owner(ctx);
        Task task = service.readyForRejects(owner, taskId(ctx));
        try (TransferLimit.Slot slot = downloads.acquire(owner)) {
            send(ctx, service.rejectsFile(task), "rejects.csv");
        }
    }

    private static boolean send(Context ctx, java.nio.file.Path file, String name) {
        try {
            return FileResponder.send(ctx, file, name);
        } catch (UncheckedIOException e) {
            LOG.info(
                    "{} {}: client went away: {}",
                    ctx.method(),
                    ctx.path(),
                    e.getCause().toString());
            return false;
        }
    }

    /**
     * The task id of the path. Ids are UUIDs, which RFC 9562 compares without regard to case, and
     * are stored in lower case: an id in upper case finds the same task.
     */
    private static String taskId(Context ctx) {
        return ctx.pathParam("id").toLowerCase(Locale.ROOT);
    }
}
