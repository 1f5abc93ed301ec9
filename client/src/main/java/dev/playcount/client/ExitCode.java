package dev.playcount.client;

/** The client's exit codes: what a script can tell apart without reading the message. */
public enum ExitCode {
    OK(0, "success"),
    TASK_FAILED(1, "the task failed or the file was refused (bad header, bad row, corrupt stream)"),
    USAGE(2, "bad options or arguments"),
    UNREACHABLE(3, "the service cannot be reached (after the retries)"),
    CHECKSUM_MISMATCH(4, "a SHA-256 does not match (download or upload)"),
    REFUSED(5, "the service refused the request (unknown task, bad key, not ready, limits)"),
    LOCAL_IO(6, "a local file cannot be read or written"),
    INTERRUPTED(130, "interrupted (Ctrl-C)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
