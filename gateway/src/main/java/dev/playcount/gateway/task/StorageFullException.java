package dev.playcount.gateway.task;

/** Storing the upload would leave less free disk than the configured floor. */
public final class StorageFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageFullException(String message) {
        super(message);
    }
}
