package dev.playcount.pipeline;

import org.apache.flink.util.SerializedThrowable;

/** Finds the one line worth showing a user in the exception chain of a failed job. */
public final class Failures {

    private Failures() {}

    public static String userMessage(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PipelineException) {
                return t.getMessage();
            }
            if (t instanceof SerializedThrowable serialized) {
                String original = serialized.getOriginalErrorClassName();
                String message = serialized.getMessage();
                int marker = message == null ? -1 : message.indexOf(PipelineException.MARKER);
                if (marker >= 0) {
                    return message.substring(marker + PipelineException.MARKER.length());
                }
                if (original != null && original.startsWith("dev.playcount.")) {
                    return message;
                }
            }
            root = t;
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
