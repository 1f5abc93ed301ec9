// The decoders' own speed, without HTTP or storage: what bench/compressed-uploads can reach at most.

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Usage: {@code java -cp gateway.jar bench/DecodeSpeed.java FILE.gz|FILE.zst [RUNS]}. Decodes the
 * file from memory on one thread, as the gateway does (the JDK's GZIPInputStream with a 64 KiB
 * input buffer, zstd-jni's ZstdInputStreamNoFinalizer, 1 MiB reads), RUNS times (default 5), and
 * prints each run's and the median MB/s of decoded bytes (MB = 10^6 bytes).
 */
public class DecodeSpeed {

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: DecodeSpeed FILE.gz|FILE.zst [RUNS]");
            System.exit(2);
        }
        byte[] packed = Files.readAllBytes(Path.of(args[0]));
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean gzip = args[0].endsWith(".gz");
        byte[] buf = new byte[1 << 20];
        double[] mbps = new double[runs];
        long decoded = 0;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            decoded = 0;
            try (InputStream in =
                    gzip
                            ? new GZIPInputStream(new ByteArrayInputStream(packed), 64 << 10)
                            : new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(packed))) {
                int n;
                while ((n = in.read(buf, 0, buf.length)) >= 0) {
                    decoded += n;
                }
            }
            mbps[run] = decoded / ((System.nanoTime() - start) / 1e9) / 1e6;
            System.out.printf("run %d: %.0f MB/s%n", run + 1, mbps[run]);
        }
        double[] sorted = mbps.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%s: %d bytes decoded to %d; median %.0f MB/s on one thread%n",
                gzip ? "gzip" : "zstd", packed.length, decoded, sorted[runs / 2]);
    }
}
