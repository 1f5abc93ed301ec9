package dev.playcount.gateway.http;

/** The API's paths, in one place for routes and the links in answers. */
final class Paths {

    static final String BASE = "/api/v1/file-processing";
    static final String TASKS = BASE + "/tasks";
    static final String TASK = TASKS + "/{id}";
    static final String STATUS = TASK + "/status";
    static final String DOWNLOAD = TASK + "/download";
    static final String REJECTS = TASK + "/rejects";
    static final String LINKS = TASK + "/download-links";
    static final String UPLOADS = BASE + "/uploads";
    static final String UPLOAD = UPLOADS + "/{id}";
    static final String DOCS = "/api/v1/docs";
    static final String OPENAPI = DOCS + "/openapi.json";
    static final String SWAGGER = DOCS + "/swagger";

    private Paths() {}

    static String status(String id) {
        return TASKS + "/" + id + "/status";
    }
}
