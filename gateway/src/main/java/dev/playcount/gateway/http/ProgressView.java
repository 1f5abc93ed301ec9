package dev.playcount.gateway.http;

import dev.playcount.gateway.task.Progress;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiExample;
import io.javalin.openapi.OpenApiNullable;

/** A task's progress as the API shows it. */
public record ProgressView(
        @OpenApiDescription(
                        "percent of the whole task, from 0 to 100: never goes back, and 100 only"
                                + " once the task is COMPLETED")
                @OpenApiExample("71.5")
                double percent,
        @OpenApiDescription(
                        "the phase the task is in: uploading, reading, summing or writing; null"
                                + " until its job has started")
                @OpenApiExample("summing")
                @OpenApiNullable
                String phase,
        @OpenApiDescription(
                        "percent of the phase done, from 0 to 100: reading counts bytes of the"
                                + " input, summing partial sums of those the readers sent, writing"
                                + " keys emitted and then rows put into the result file")
                @OpenApiExample("30.0")
                double phasePercent,
        @OpenApiDescription("rows read so far") long rowsRead,
        @OpenApiDescription("input bytes read so far") long bytesRead) {

    static ProgressView of(Progress p) {
        return new ProgressView(
                p.percent(),
                p.phase() == null ? null : p.phase().wireName(),
                p.phasePercent(),
                p.rowsRead(),
                p.bytesRead());
    }
}
