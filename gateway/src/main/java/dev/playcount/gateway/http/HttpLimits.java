package dev.playcount.gateway.http;

import java.time.Duration;

/**
 * How much a client can take from the API over HTTP at once and over time.
 *
 * @param maxUploads uploads the process reads at once (more answer 503)
 * @param maxUploadsPerKey uploads one API key sends at once (more answer 429)
 * @param maxDownloads downloads the process sends at once (more answer 503)
 * @param maxDownloadsPerKey downloads one API key takes at once (more answer 429)
 * @param minDataRate bytes a second a request body or a response must at least move, on average
 *     from its first byte (Jetty ends slower ones); 0: no floor
 * @param idleTimeout how long a connection may send and take nothing
 * @param tasksPerMinute new tasks the process accepts a minute (a burst of that many, then refilled
 *     evenly); 0: no bound
 * @param tasksPerMinutePerKey the same for one API key
 */
public record HttpLimits(
        int maxUploads,
        int maxUploadsPerKey,
        int maxDownloads,
        int maxDownloadsPerKey,
        long minDataRate,
        Duration idleTimeout,
        int tasksPerMinute,
        int tasksPerMinutePerKey) {}
