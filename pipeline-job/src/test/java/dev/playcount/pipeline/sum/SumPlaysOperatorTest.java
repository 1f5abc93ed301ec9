package dev.playcount.pipeline.sum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.core.error.PipelineException;
import dev.playcount.core.plays.PlaysOverflowException;
import dev.playcount.pipeline.model.PartialSum;
import dev.playcount.pipeline.model.SongDayPlays;
import java.io.File;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.ManagedMemoryUseCase;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The summing operator in Flink's operator harness, checked against a map of BigIntegers, with so
 * little managed memory that it spills to RocksDB many times.
 */
class SumPlaysOperatorTest {

    private static final long TINY = SumPlaysOperator.MIN_MEMORY;

    /** A harness whose operator gets {@code memory} bytes of managed memory. */
    private static final class Run implements AutoCloseable {
        final SumPlaysOperator operator = new SumPlaysOperator();
        final MockEnvironment environment;
        final KeyedOneInputStreamOperatorTestHarness<Long, PartialSum, SongDayPlays> harness;
        final File[] tempDirs;

        Run(long memory) throws Exception {
            environment = new MockEnvironmentBuilder().setManagedMemorySize(memory).build();
            tempDirs = environment.getIOManager().getSpillingDirectories();
            harness =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            operator, new PartialSumKey(), Types.LONG, environment);
            // all of the slot's managed memory, as in the job (no state backend claims a share)
            harness.getStreamConfig().setStateBackendUsesManagedMemory(false);
            harness.getStreamConfig()
                    .setManagedMemoryFractionOperatorOfUseCase(ManagedMemoryUseCase.OPERATOR, 1.0);
            harness.open();
        }

        void add(PartialSum partial) throws Exception {
            harness.processElement(partial, 0);
        }

        /** Ends the input and returns the totals, failing if a key comes out twice. */
        Map<String, Long> finish() throws Exception {
            harness.endInput();
            Map<String, Long> totals = new HashMap<>();
            for (SongDayPlays t : harness.extractOutputValues()) {
                Long before = totals.put(t.song + "|" + t.day, t.plays);
                assertThat(before).as("%s written twice", t).isNull();
            }
            return totals;
        }

        List<File> spillFolders() {
            List<File> found = new ArrayList<>();
            for (File dir : tempDirs) {
                File[] children = dir.listFiles((d, name) -> name.startsWith("playcount-sums-"));
                if (children != null) {
                    found.addAll(Arrays.asList(children));
                }
            }
            return found;
        }

        @Override
        public void close() throws Exception {
            harness.close();
            environment.close();
        }
    }

    private static PartialSum partial(String song, int day, long plays) {
        return PartialSum.of(song, day, plays);
    }

    @Test
    void sumsEveryKeyExactlyOnceAfterSpillingManyTimes() throws Exception {
        Random random = new Random(11);
        Map<String, BigInteger> expected = new HashMap<>();
        try (Run run = new Run(TINY)) {
            for (int row = 0; row < 200_000; row++) {
                String song =
                        switch (random.nextInt(20)) {
                            case 0 -> "Take Me Home, \"Country\" Roads " + random.nextInt(100);
                            case 1 -> "Café Ñ 東京 " + random.nextInt(100);
                            case 2 -> "x".repeat(1 + random.nextInt(300));
                            default -> "Song " + random.nextInt(30_000);
                        };
                int day = 20200101 + random.nextInt(20);
                long plays = random.nextInt(1_000_000);
                run.add(partial(song, day, plays));
                expected.merge(song + "|" + day, BigInteger.valueOf(plays), BigInteger::add);
            }
            assertThat(run.operator.spilledRuns()).isGreaterThan(20);
            Map<String, Long> totals = run.finish();
            assertThat(totals).hasSameSizeAs(expected);
            totals.forEach((k, v) -> assertThat(BigInteger.valueOf(v)).isEqualTo(expected.get(k)));
            assertThat(run.spillFolders()).hasSize(1);
            run.close();
            assertThat(run.spillFolders()).as("the spill folder is deleted on close").isEmpty();
        }
    }

    @Test
    void keepsKeysThatShareAHashApartInMemoryAndOnDisk() throws Exception {
        byte[] umbrella = "Umbrella".getBytes(StandardCharsets.UTF_8);
        byte[] inTheEnd = "In The End".getBytes(StandardCharsets.UTF_8);
        for (boolean spill : new boolean[] {false, true}) {
            try (Run run = new Run(TINY)) {
                run.add(new PartialSum(42, umbrella, 20200101, 5));
                run.add(new PartialSum(42, inTheEnd, 20200101, 1));
                run.add(new PartialSum(42, umbrella, 20200102, 7));
                if (spill) {
                    fillUntilSpilled(run);
                }
                run.add(new PartialSum(42, umbrella, 20200101, 10));
                run.add(new PartialSum(42, inTheEnd, 20200101, 2));
                Map<String, Long> totals = run.finish();
                assertThat(totals)
                        .containsEntry("Umbrella|20200101", 15L)
                        .containsEntry("In The End|20200101", 3L)
                        .containsEntry("Umbrella|20200102", 7L);
                assertThat(run.operator.spilledRuns() > 0).isEqualTo(spill);
            }
        }
    }

    /** Adds distinct filler keys (total plays 0) until the table has spilled once. */
    private static void fillUntilSpilled(Run run) throws Exception {
        for (int i = 0; run.operator.spilledRuns() == 0; i++) {
            run.add(partial("filler " + i, 20210101, 0));
        }
    }

    @Test
    void failsWhenPartialSumsSpilledApartOverflow() throws Exception {
        try (Run run = new Run(TINY)) {
            run.add(partial("Umbrella", 20200101, Long.MAX_VALUE));
            fillUntilSpilled(run);
            run.add(partial("Umbrella", 20200101, 1));
            assertThatThrownBy(run::finish)
                    .isInstanceOf(PlaysOverflowException.class)
                    .hasMessage(
                            "the total plays of 'Umbrella' on 2020-01-01 exceed"
                                    + " 9223372036854775807 (64-bit overflow)");
        }
    }

    @Test
    void failsWhenASumInMemoryOverflows() throws Exception {
        try (Run run = new Run(TINY)) {
            run.add(partial("Umbrella", 20200101, Long.MAX_VALUE));
            assertThatThrownBy(() -> run.add(partial("Umbrella", 20200101, 1)))
                    .isInstanceOf(PlaysOverflowException.class)
                    .hasMessageContaining("'Umbrella' on 2020-01-01");
        }
    }

    @Test
    void writesNothingForNoInputAndLeavesNoFiles() throws Exception {
        try (Run run = new Run(TINY)) {
            assertThat(run.finish()).isEmpty();
            assertThat(run.spillFolders()).isEmpty();
        }
    }

    @Test
    void sumsMillionsOfPartialSumsOfOneKey() throws Exception {
        try (Run run = new Run(TINY)) {
            for (int i = 0; i < 3_000_000; i++) {
                run.add(partial("Umbrella", 20200101, 3_000_000_000L));
            }
            assertThat(run.finish())
                    .containsExactly(Map.entry("Umbrella|20200101", 9_000_000_000_000_000L));
            assertThat(run.operator.spilledRuns()).isZero();
        }
    }

    @Test
    void reportsProgressOfSumsTakenInAndKeysWritten() throws Exception {
        try (Run run = new Run(TINY)) {
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < 50_000; i++) {
                run.add(partial("Song " + i % 20_000, 20200101, 1));
                keys.add("Song " + i % 20_000);
            }
            assertThat(run.operator.spilledRuns()).isPositive();
            assertThat(run.finish()).hasSize(keys.size());
            SumProgress progress = run.operator.progress();
            assertThat(progress.sumsIn.getCount()).isEqualTo(50_000);
            assertThat(progress.keysWritten.getCount()).isEqualTo(20_000);
            assertThat(progress.writtenPpm()).isEqualTo(1_000_000);
        }
    }

    @Test
    void refusesTooLittleManagedMemoryNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> new Run(TINY / 2))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("taskmanager.memory.managed.size");
    }
}
