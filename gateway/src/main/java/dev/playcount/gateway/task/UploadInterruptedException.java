package dev.playcount.gateway.task;

/** The client stopped sending before the upload was complete; nothing was kept. */
public final class UploadInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    public UploadInterruptedException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private UploadInterruptedException(String message, Throwable cause, boolean timedOut) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    /**
     * The failure of a read from the client: a time-out (nothing arrived within the connection's
     * idle timeout) or the body ending early.
     */
    public static UploadInterruptedException of(java.io.IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return new UploadInterruptedException(
                        "no bytes of the upload arrived within IDLE_TIMEOUT; nothing was kept",
                        e,
                        true);
            }
        }
        return new UploadInterruptedException(
                "the upload ended before the file was complete: " + e.getMessage(), e);
    }

    /** Whether the client sent nothing for the idle timeout (rather than closing early). */
    public boolean timedOut() {
        return timedOut;
    }
}
