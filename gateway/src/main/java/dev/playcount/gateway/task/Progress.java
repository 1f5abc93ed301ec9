package dev.playcount.gateway.task;

/**
 * How far a task's work is: {@code percent} of the whole (monotone, 100 only once COMPLETED), the
 * current {@code phase} (null until the job has started) and that phase's own {@code phasePercent},
 * and the rows and bytes read so far.
 */
public record Progress(
        double percent, Phase phase, double phasePercent, long rowsRead, long bytesRead) {

    public static final Progress NONE = new Progress(0, null, 0, 0, 0);

    /** A task whose file still arrives, before its job reports. */
    public static final Progress UPLOADING = new Progress(0, Phase.UPLOADING, 0, 0, 0);

    /** A finished job's progress: everything read, written, and checked. */
    public static Progress completed(long rowsRead, long bytesRead) {
        return new Progress(100, Phase.WRITING, 100, rowsRead, bytesRead);
    }

    /**
     * This progress, but never behind one shown before: a job that restarts a stage after a failure
     * reports less again, and a bar that moves back reads as lost work.
     */
    public Progress notBelow(Progress earlier) {
        if (earlier == null || percent >= earlier.percent) {
            return this;
        }
        return new Progress(earlier.percent, phase, phasePercent, rowsRead, bytesRead);
    }
}
