package dev.playcount.gateway.http;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.task.BadRequestException;
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
import java.util.List;
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
    private final TransferLimit uploads;
    private final TransferLimit downloads;
    private final TaskRateLimit newTasks;

    TaskHandlers(
            TaskService service,
            LongConsumer uploadBytes,
            TransferLimit uploads,
            TransferLimit downloads,
            TaskRateLimit newTasks) {
        this.service = service;
        this.uploadBytes = uploadBytes;
        this.uploads = uploads;
        this.downloads = downloads;
        this.newTasks = newTasks;
    }

    @OpenApi(
            path = Paths.TASKS,
            methods = HttpMethod.POST,
            operationId = "createTask",
            summary = "Upload a CSV of plays and queue its aggregation",
            description =
                    "Streams the file to storage, checks its header from the first bytes, records"
                            + " the task and queues its job. Send multipart/form-data with a part"
                            + " named file (a .csv), or a raw text/csv body.",
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
            headers =
                    @OpenApiParam(
                            name = "Idempotency-Key",
                            description =
                                    "a retried POST with the same key returns the first task"),
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
                        description = "no file part, not a .csv, bad header, empty, cut off",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "413",
                        description = "larger than MAX_UPLOAD_SIZE",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "429",
                        description =
                                "this key's concurrent uploads, running tasks or new tasks a"
                                        + " minute are at their limit (Retry-After)",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "503",
                        description =
                                "the process's concurrent uploads or new tasks a minute are at"
                                        + " their limit, or a service is down (Retry-After)",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "507",
                        description =
                                "not enough free disk, or this key's MAX_STORED_BYTES_PER_KEY",
                        content = @OpenApiContent(from = ErrorBody.class))
            })
    void create(Context ctx) {
        String owner = ApiKeys.owner(ctx);
        InvalidRowPolicy policy = InvalidRowsParameter.parse(ctx.queryParam("invalidRows"));
        String key = ctx.header("Idempotency-Key");
        Task task =
                service.previousAttempt(owner, key)
                        .orElseGet(() -> receive(ctx, owner, policy, key));
        TaskEnvelope body = TaskEnvelope.of(task);
        ctx.status(HttpStatus.ACCEPTED).header("Location", body.next()).json(body);
    }

    /** Reads the upload within the limits: a transfer slot, a new-task token, the quotas. */
    private Task receive(Context ctx, String owner, InvalidRowPolicy policy, String key) {
        try (TransferLimit.Slot slot = uploads.acquire(owner)) {
            newTasks.take(owner);
            try {
                service.checkCanAccept(
                        owner, ctx.contentLength(), UploadReceiver.declaredFileBytes(ctx));
                return UploadReceiver.receive(
                        ctx, policy, key, upload -> service.accept(owner, upload, uploadBytes));
            } catch (RuntimeException e) {
                newTasks.giveBack(owner); // no task was made
                throw e;
            }
        }
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
        ctx.json(TaskEnvelope.of(service.get(ApiKeys.owner(ctx), ctx.pathParam("id"))));
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
        int page = intParam(ctx, "page", 1, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = intParam(ctx, "pageSize", 20, MAX_PAGE_SIZE);
        String statusParam = ctx.queryParam("status");
        TaskStatus status =
                statusParam == null || statusParam.isBlank() ? null : status(statusParam);
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
        ctx.json(TaskEnvelope.of(service.cancel(ApiKeys.owner(ctx), ctx.pathParam("id"))));
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
                @OpenApiResponse(
                        status = "429",
                        description = "this key takes MAX_DOWNLOADS_PER_KEY already (Retry-After)",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(
                        status = "503",
                        description = "the gateway sends MAX_DOWNLOADS already (Retry-After)",
                        content = @OpenApiContent(from = ErrorBody.class))
            })
    void download(Context ctx) {
        String owner = ApiKeys.owner(ctx);
        Task task = service.readyForDownload(owner, ctx.pathParam("id"));
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
        Task task = service.readyForRejects(owner, ctx.pathParam("id"));
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

    private static TaskStatus status(String value) {
        try {
            return TaskStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    "invalid_parameter",
                    "status must be one of "
                            + List.of(TaskStatus.values())
                            + ", not '"
                            + value
                            + "'",
                    List.of());
        }
    }

    private static int intParam(Context ctx, String name, int fallback, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestException(
                "invalid_parameter",
                name + " must be a whole number from 1 to " + max + ", not '" + value + "'",
                List.of());
    }
}
