package dev.playcount.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.apache.flink.runtime.rest.util.RestClientException;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

class JobSubmitterTest {

    private static Throwable rest(String serverSide) {
        return new CompletionException(
                new RestClientException(
                        "[Internal server error., <Exception on server side:\n" + serverSide,
                        HttpResponseStatus.INTERNAL_SERVER_ERROR));
    }

    @Test
    void aJobTheClusterAlreadyHasIsADuplicateWhicheverNameFlinkGivesIt() {
        // what Flink 2.3 answered bench/faults' second submit of a job that had just finished
        assertThat(
                        JobSubmitter.duplicate(
                                rest(
                                        "org.apache.flink.runtime.client.DuplicateApplicationSubmissionException:"
                                            + " Application has already been submitted.")))
                .isTrue();
        assertThat(
                        JobSubmitter.duplicate(
                                rest(
                                        "org.apache.flink.runtime.client."
                                                + "DuplicateJobSubmissionException: Job has already"
                                                + " been submitted.")))
                .isTrue();
    }

    @Test
    void anyOtherRefusalIsNot() {
        assertThat(
                        JobSubmitter.duplicate(
                                rest("org.apache.flink.runtime.client.JobSubmissionException:")))
                .isFalse();
        assertThat(JobSubmitter.duplicate(new java.io.IOException("connection refused"))).isFalse();
    }

    @Test
    void aJobNameShowsNoControlNorBidiCharactersOfTheFileName() {
        assertThat(JobSubmitter.displayed("a\nINFO forged\r.csv")).isEqualTo("a?INFO forged?.csv");
        assertThat(JobSubmitter.displayed("plays\u202Evsc.exe.csv")).isEqualTo("plays?vsc.exe.csv");
        assertThat(JobSubmitter.displayed("Café 2020.csv")).isEqualTo("Café 2020.csv");
    }
}
