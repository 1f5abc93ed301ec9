package dev.playcount.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Writes large benchmark inputs: the original sample repeated, or synthetic rows. */
public final class Generate {

    private static final String USAGE =
            "usage: generate seed-sample N OUT\n"
                    + "       generate synth ROWS SONGS DAYS OUT [SEED]\n"
                    + "env SEED_SAMPLE: the sample to repeat (default"
                    + " samples/seed-100k-sample.csv)";

    private Generate() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("seed-sample")) {
            seedSample(Integer.parseInt(args[1]), Path.of(args[2]));
        } else if ((args.length == 5 || args.length == 6) && args[0].equals("synth")) {
            long seed = args.length == 6 ? Long.parseLong(args[5]) : 42;
            new SynthWriter(
                            Long.parseLong(args[1]),
                            Integer.parseInt(args[2]),
                            Integer.parseInt(args[3]),
                            seed)
                    .write(Path.of(args[4]));
        } else {
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** Header once, then the sample's body {@code n} times, byte for byte. */
    static void seedSample(int n, Path out) throws IOException {
        String configured = System.getenv("SEED_SAMPLE");
        Path sample =
                Path.of(
                        configured != null && !configured.isEmpty()
                                ? configured
                                : "samples/seed-100k-sample.csv");
        byte[] all = Files.readAllBytes(sample);
        int headerEnd = indexOf(all, (byte) '\n') + 1;
        if (headerEnd == 0) {
            throw new IOException(sample + " has no header line");
        }
        byte[] body = Arrays.copyOfRange(all, headerEnd, all.length);
        if (body.length > 0 && body[body.length - 1] != '\n') {
            // without it the last row of one copy would run into the first row of the next
            body = Arrays.copyOf(body, body.length + 1);
            body[body.length - 1] = '\n';
        }
        long bodyRows = records(body);
        long started = System.nanoTime();
        // a direct buffer so each of the N writes goes to the kernel without an extra copy
        ByteBuffer direct = ByteBuffer.allocateDirect(body.length).put(body);
        try (ByteSink sink = new ByteSink(out, 1 << 16)) {
            sink.ensure(headerEnd);
            sink.put(Arrays.copyOf(all, headerEnd));
            for (int i = 0; i < n; i++) {
                sink.putDirect(direct.clear());
            }
            sink.flush();
            report(out, bodyRows * n, sink.written(), started, "(" + sample + " body x " + n + ")");
        }
    }

    static void report(Path out, long rows, long bytes, long startedNanos, String what) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        System.out.printf(
                "wrote %s: %,d rows, %,d bytes in %.2f s (%.0f MB/s) %s%n",
                out, rows, bytes, seconds, bytes / 1e6 / Math.max(seconds, 1e-9), what);
    }

    private static int indexOf(byte[] b, byte wanted) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Records in a body that ends with a line feed: line feeds outside quotes, blank lines aside.
     */
    private static long records(byte[] body) {
        long rows = 0;
        boolean quoted = false;
        int lineStart = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '"') {
                quoted = !quoted;
            } else if (body[i] == '\n' && !quoted) {
                int len = i - lineStart;
                if (len > 1 || (len == 1 && body[lineStart] != '\r')) {
                    rows++;
                }
                lineStart = i + 1;
            }
        }
        return rows;
    }
}
