package dev.playcount.pipeline.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overall percent along a whole run: monotone, phases in order, 100 only at the end. */
class ProgressModelTest {

    static final long INPUT = 1_000;
    static final long SUMS = 400;
    static final long KEYS = 300;

    @Test
    void aWholeRunRisesThroughThePhasesAndReachesOneHundredOnlyWhenFinished() {
        List<JobFacts> run = new ArrayList<>();
        run.add(facts(false, "CREATED", null, null, 0, 0, 0, 0, -1, 0));
        for (long bytes = 0; bytes <= INPUT; bytes += 100) {
            run.add(facts(false, "RUNNING", null, null, bytes, 0, 0, 0, -1, 0));
        }
        run.add(facts(false, "FINISHED", "DEPLOYING", null, INPUT, 0, 0, 0, -1, 0));
        for (long in = 0; in <= SUMS; in += 50) {
            run.add(facts(false, "FINISHED", "RUNNING", null, INPUT, in, 0, 0, -1, 0));
        }
        for (long keys = 30; keys <= KEYS; keys += 30) {
            double fraction = (double) keys / KEYS;
            run.add(facts(false, "FINISHED", "RUNNING", null, INPUT, SUMS, keys, fraction, -1, 0));
        }
        for (long rows = 0; rows <= KEYS; rows += 50) {
            run.add(
                    facts(
                            false,
                            "FINISHED",
                            "FINISHED",
                            "RUNNING",
                            INPUT,
                            SUMS,
                            KEYS,
                            1,
                            KEYS,
                            rows));
        }
        run.add(facts(false, "FINISHED", "FINISHED", "FINISHED", INPUT, SUMS, KEYS, 1, KEYS, KEYS));
        run.add(facts(true, "FINISHED", "FINISHED", "FINISHED", INPUT, SUMS, KEYS, 1, KEYS, KEYS));

        List<Phase> phases = new ArrayList<>();
        double last = -1;
        for (int i = 0; i < run.size(); i++) {
            JobProgress p = ProgressModel.of(run.get(i), INPUT);
            assertThat(p.percent()).as("step %d: %s", i, p).isGreaterThanOrEqualTo(last);
            assertThat(p.phasePercent()).isBetween(0.0, 100.0);
            if (i < run.size() - 1) {
                assertThat(p.percent()).as("step %d: %s", i, p).isLessThan(100);
            }
            if (phases.isEmpty() || phases.get(phases.size() - 1) != p.phase()) {
                phases.add(p.phase());
            }
            last = p.percent();
        }
        assertThat(phases).containsExactly(Phase.READING, Phase.SUMMING, Phase.WRITING);
        assertThat(last).isEqualTo(100);
    }

    @Test
    void anEmptyInputHasNothingToSum() {
        JobProgress p =
                ProgressModel.of(facts(false, "FINISHED", "RUNNING", null, 26, 0, 0, 0, -1, 0), 26);

        assertThat(p.phase()).isEqualTo(Phase.SUMMING);
        assertThat(p.phasePercent()).isEqualTo(100);
    }

    @Test
    void aPipelinedRunReadsAndSumsInOneWideBandAndStillOnlyRises() {
        List<JobFacts> run = new ArrayList<>();
        // the first poll may come before the summer is deployed: not yet seen as pipelined
        run.add(facts(false, "RUNNING", "CREATED", null, 100, 0, 0, 0, -1, 0));
        for (long bytes = 100; bytes <= INPUT; bytes += 100) {
            run.add(pipelined(facts(false, "RUNNING", "RUNNING", null, bytes, 0, 0, 0, -1, 0)));
        }
        run.add(
                pipelined(
                        facts(false, "FINISHED", "RUNNING", null, INPUT, SUMS - 50, 0, 0, -1, 0)));
        for (long keys = 0; keys <= KEYS; keys += 30) {
            double fraction = (double) keys / KEYS;
            run.add(
                    pipelined(
                            facts(
                                    false,
                                    "FINISHED",
                                    "RUNNING",
                                    null,
                                    INPUT,
                                    SUMS,
                                    keys,
                                    fraction,
                                    -1,
                                    0)));
        }
        run.add(
                pipelined(
                        facts(
                                true,
                                "FINISHED",
                                "FINISHED",
                                "FINISHED",
                                INPUT,
                                SUMS,
                                KEYS,
                                1,
                                KEYS,
                                KEYS)));

        double last = -1;
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            JobProgress p = ProgressModel.of(run.get(i), INPUT);
            assertThat(p.percent()).as("step %d: %s", i, p).isGreaterThanOrEqualTo(last);
            if (i < run.size() - 1) {
                assertThat(p.percent()).as("step %d: %s", i, p).isLessThan(100);
            }
            if (phases.isEmpty() || phases.get(phases.size() - 1) != p.phase()) {
                phases.add(p.phase());
            }
            last = p.percent();
        }
        assertThat(phases).containsExactly(Phase.READING, Phase.SUMMING, Phase.WRITING);
        JobFacts allRead =
                pipelined(facts(false, "RUNNING", "RUNNING", null, INPUT, 0, 0, 0, -1, 0));
        assertThat(ProgressModel.of(allRead, INPUT).percent())
                .as("the whole file read, summing alongside: past the blocking run's 25")
                .isEqualTo(60);
        assertThat(last).isEqualTo(100);
    }

    private static JobFacts pipelined(JobFacts f) {
        return new JobFacts(
                f.jobFinished(),
                f.reader(),
                f.summer(),
                f.writer(),
                f.writerChained(),
                true,
                f.bytesRead(),
                f.rowsRead(),
                f.partialSums(),
                f.sumsIn(),
                f.keysWritten(),
                f.writtenFraction(),
                f.keysTotal(),
                f.rowsToFile());
    }

    private static JobFacts facts(
            boolean done,
            String reader,
            String summer,
            String writer,
            long bytes,
            long sumsIn,
            long keysWritten,
            double written,
            long keysTotal,
            long rowsToFile) {
        return new JobFacts(
                done,
                reader,
                summer,
                writer,
                false,
                false,
                bytes,
                bytes / 10,
                "FINISHED".equals(reader) ? (bytes == INPUT ? SUMS : 0) : -1,
                sumsIn,
                keysWritten,
                written,
                keysTotal,
                rowsToFile);
    }
}
