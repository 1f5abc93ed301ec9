package dev.playcount.core.publish;

import dev.playcount.core.error.ErrorCode;
import dev.playcount.core.error.PipelineException;

/**
 * The result is published but reading it back to check it was cut short (interrupted, unreadable):
 * it is kept, and publishing the same run again checks it then.
 */
public final class PublishUnverifiedException extends PipelineException {

    private static final long serialVersionUID = 1L;

    PublishUnverifiedException(String message, Throwable cause) {
        super(ErrorCode.PUBLISH_FAILED, message, null, cause);
    }
}
