package dev.playcount.gateway.task;

/** The client stopped sending before the upload was complete; nothing was kept. */
public final class UploadInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UploadInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
