package dev.playcount.gateway.task;

/** A service the request needs (the task store) does not answer; retrying later may work. */
public final class UnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
