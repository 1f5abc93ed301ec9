package dev.playcount.client;

/** A failure the command ends with: one line for stderr and the exit code that classifies it. */
public class ClientException extends RuntimeException {

    private final ExitCode exitCode;

    public ClientException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ClientException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
