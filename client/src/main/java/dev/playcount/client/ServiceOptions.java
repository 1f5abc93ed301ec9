package dev.playcount.client;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every command takes: where the service is, how long and how often to try. */
final class ServiceOptions {

    @Option(
            names = "--url",
            paramLabel = "URL",
            description =
                    "the service (default: $PLAYCOUNT_URL, else " + ServiceConfig.DEFAULT_URL + ")")
    String url;

    @Option(
            names = "--retries",
            defaultValue = "10",
            paramLabel = "N",
            description =
                    "times a call is tried again after a broken connection or a busy service,"
                            + " with growing waits (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(
            names = "--timeout",
            defaultValue = "30s",
            paramLabel = "DURATION",
            converter = Units.DurationConverter.class,
            description = "how long one call may wait for an answer (default: ${DEFAULT-VALUE})")
    Duration timeout;

    /** The checked settings and the HTTP client of one command. */
    Api api(PlaycountCli cli) {
        if (retries < 0 || retries > 1000) {
            throw new ClientException(
                    ExitCode.USAGE, "--retries " + retries + " is not valid: expected 0 to 1000");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ClientException(ExitCode.USAGE, "--timeout must be positive");
        }
        return new Api(
                ServiceConfig.from(url, cli.env),
                Backoff.standard(retries + 1),
                cli.sleeper,
                timeout);
    }
}
