package dev.playcount.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body as UTF-8 text, at most {@code limit} bytes: a service (or something posing as
 * one) that answers a status call with gigabytes ends the call instead of the client's memory.
 */
final class LimitedText implements HttpResponse.BodySubscriber<String> {

    /** Far above any answer of the API (a page of 200 tasks is ~200 KB). */
    static final int LIMIT = 16 * 1024 * 1024;

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedText(int limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<String> handler() {
        return info -> new LimitedText(LIMIT);
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if (bytes.size() + b.remaining() > limit) {
                subscription.cancel();
                body.completeExceptionally(
                        new TooLarge("the answer is larger than " + limit + " bytes"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.writeBytes(chunk);
        }
    }

    /** An answer over the limit. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toString(StandardCharsets.UTF_8));
    }
}
