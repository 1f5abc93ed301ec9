package dev.playcount.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.core.io.Sha256;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users run it: exit codes, the receipt, one-line errors. */
class PipelineCliITCase {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cli(String... args) {
        return PipelineCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private String errorLine() {
        String text = err.toString();
        assertThat(text.lines().count()).as("one line on stderr: %s", text).isEqualTo(1);
        return text.strip();
    }

    @Test
    void succeedsAndPrintsTheReceipt() throws Exception {
        Path input =
                new TestCsv(5)
                        .withRepeatedHeaders(0.01)
                        .write(dir.resolve("in.csv"), 2_000, 50, 10);
        Path output = dir.resolve("out.csv");
        int exit =
                cli(
                        "--input",
                        input.toString(),
                        "--output",
                        output.toString(),
                        "--parallelism",
                        "2");
        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();
        Oracle.Expected expected = Oracle.aggregate(input);
        assertThat(Oracle.readResult(output)).isEqualTo(expected.totals());
        assertThat(out.toString())
                .contains(
                        String.format(
                                "rows read        %,d = %,d aggregated + 0 invalid + %,d repeated"
                                        + " headers",
                                expected.rowsRead(),
                                expected.rowsRead() - expected.repeatedHeaders(),
                                expected.repeatedHeaders()))
                .contains(
                        String.format(
                                "plays            %,d in = %,d out",
                                expected.plays(), expected.plays()))
                .contains("input sha256     " + Sha256.of(input))
                .contains("result sha256    " + Sha256.of(output))
                .containsPattern("took             \\d+\\.\\d s");
    }

    @Test
    void invalidRowFailsWithLineReasonAndRow() throws Exception {
        Path input =
                TestCsv.lines(
                        dir.resolve("in.csv"), "Umbrella,2020-01-01,1", "Umbrella,2020-01-01,ten");
        Path output = dir.resolve("out.csv");
        int exit = cli("--input", input.toString(), "--output", output.toString());
        assertThat(exit).isEqualTo(1);
        assertThat(errorLine())
                .isEqualTo(
                        "error: line 3: Number of Plays 'ten' is not a whole number:"
                                + " Umbrella,2020-01-01,ten");
        assertThat(output).doesNotExist();
    }

    @Test
    void longRowsAreCutInTheMessage() throws Exception {
        String song = "x".repeat(500);
        Path input = TestCsv.lines(dir.resolve("in.csv"), song + ",2020-01-01,-1");
        int exit = cli("--input", input.toString(), "--output", dir.resolve("out.csv").toString());
        assertThat(exit).isEqualTo(1);
        assertThat(errorLine())
                .isEqualTo(
                        "error: line 2: Number of Plays '-1' is not a whole number: "
                                + "x".repeat(200)
                                + "...");
    }

    @Test
    void skipPolicyWritesRejects() throws Exception {
        Path input =
                TestCsv.lines(
                        dir.resolve("in.csv"), "Umbrella,2020-01-01,1", "Umbrella,2020-02-31,2");
        Path rejects = dir.resolve("rejects.csv");
        int exit =
                cli(
                        "--input",
                        input.toString(),
                        "--output",
                        dir.resolve("out.csv").toString(),
                        "--invalid-rows",
                        "skip",
                        "--rejects",
                        rejects.toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(Files.readString(rejects))
                .isEqualTo(
                        "Line,Reason,Row\n"
                                + "3,Date '2020-02-31' is not an existing date in the form"
                                + " yyyy-MM-dd,\"Umbrella,2020-02-31,2\"\n");
        assertThat(out.toString())
                .contains("rows read        2 = 1 aggregated + 1 invalid + 0 repeated headers");
    }

    @Test
    void headerProblemsAreNamed() throws Exception {
        Path input =
                Files.writeString(
                        dir.resolve("in.csv"),
                        "Song;Date;Number of Plays\nUmbrella;2020-01-01;1\n");
        int exit = cli("--input", input.toString(), "--output", dir.resolve("out.csv").toString());
        assertThat(exit).isEqualTo(1);
        assertThat(errorLine())
                .isEqualTo(
                        "error: invalid header: the header misses the columns Song, Date, Number of"
                            + " Plays (the file looks ';'-separated; columns must be separated by"
                            + " commas); found: Song;Date;Number of Plays");
    }

    @Test
    void missingInputAndBadOptionsAreUsageErrors() {
        assertThat(
                        cli(
                                "--input",
                                dir.resolve("nope.csv").toString(),
                                "--output",
                                dir.resolve("o.csv").toString()))
                .isEqualTo(1);
        assertThat(errorLine())
                .isEqualTo("error: input file not found: " + dir.resolve("nope.csv"));

        err.getBuffer().setLength(0);
        assertThat(cli("--input", "a.csv")).isEqualTo(2);
        assertThat(errorLine()).startsWith("error: Missing required option: '--output=OUT.csv'");

        err.getBuffer().setLength(0);
        assertThat(cli("--input", "a.csv", "--output", "b.csv", "--invalid-rows", "maybe"))
                .isEqualTo(2);
        assertThat(errorLine())
                .isEqualTo(
                        "error: invalid rows policy 'maybe': expected fail or skip (see --help)");

        err.getBuffer().setLength(0);
        assertThat(cli("--input", "a.csv", "--output", "b.csv", "--rejects", "r.csv")).isEqualTo(2);
        assertThat(errorLine())
                .isEqualTo("error: --rejects needs --invalid-rows skip (see --help)");
    }
}
