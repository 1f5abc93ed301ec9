package dev.playcount.gateway.http;

import dev.playcount.gateway.task.TaskService;
import dev.playcount.gateway.tus.ResumableUploads;
import io.javalin.Javalin;
import io.javalin.http.Handler;

/** The tus 1.0 routes under {@code /uploads}, in one place. */
final class TusRoutes {

    private TusRoutes() {}

    /**
     * Registers the routes.
     *
     * @param taskStatus the status of a task
     * @param cancelTask the cancel of a task
     * @return the status of a task, or of an upload that has no task yet
     */
    static Handler register(
            Javalin app,
            ResumableUploads resumable,
            TaskService service,
            UploadAdmission admission,
            RequestGuard guard,
            Handler taskStatus,
            Handler cancelTask) {
        TusCors cors = new TusCors(guard);
        TusHandlers tus = new TusHandlers(resumable, admission, cors);
        TusCreation creation = new TusCreation(resumable, service, admission, cors);
        app.post(Paths.UPLOADS, creation::create);
        app.options(Paths.UPLOADS, creation::options);
        app.options(Paths.UPLOAD, creation::options);
        app.head(Paths.UPLOAD, tus::head);
        app.patch(Paths.UPLOAD, tus::patch);
        app.delete(Paths.UPLOAD, tus::delete);
        // the cancel of an unfinished upload, by its task id
        app.delete(Paths.TASK, tus.cancel(cancelTask));
        return tus.status(taskStatus);
    }
}
