package dev.playcount.pipeline.progress;

/**
 * What a Flink cluster's REST API says about one running job at one moment, as {@link
 * JobProgressClient} gathers it: each stage's status and counts. {@link ProgressModel} turns it
 * into a phase and percentages.
 *
 * @param jobFinished the job's state is FINISHED
 * @param reader status of the {@code read-csv} vertex, null until it is in the graph
 * @param summer status of the {@code sum-plays} vertex, null until it is in the graph
 * @param writer status of a separate {@code write-csv} vertex, null until it is in the graph (the
 *     adaptive batch scheduler adds a vertex only when its inputs are done) or when it is chained
 * @param writerChained whether {@code write-csv} runs inside the summer's vertex (parallelism 1)
 * @param pipelined whether the summer started before the readers finished (one pipelined region:
 *     partial sums are added up while the file is read)
 * @param bytesRead input bytes the readers consumed
 * @param rowsRead rows the readers parsed
 * @param partialSums partial sums the readers sent on, final once the reader is FINISHED
 * @param sumsIn partial sums the summer took in
 * @param keysWritten totals the summer emitted
 * @param writtenFraction the summer's own estimate of its share of keys emitted, from 0 to 1 (0
 *     when it does not report one)
 * @param keysTotal the number of totals, -1 until the summer has finished
 * @param rowsToFile totals the separate writer has taken in
 */
public record JobFacts(
        boolean jobFinished,
        String reader,
        String summer,
        String writer,
        boolean writerChained,
        boolean pipelined,
        long bytesRead,
        long rowsRead,
        long partialSums,
        long sumsIn,
        long keysWritten,
        double writtenFraction,
        long keysTotal,
        long rowsToFile) {

    static final String FINISHED = "FINISHED";

    boolean readerFinished() {
        return FINISHED.equals(reader);
    }

    boolean summerFinished() {
        return FINISHED.equals(summer);
    }

    boolean writerFinished() {
        return FINISHED.equals(writer);
    }
}
