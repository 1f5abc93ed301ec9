package dev.playcount.client;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Shows a transfer's progress on stderr: a bar redrawn in place on a terminal, else a plain line
 * every {@code interval} (logs and CI stay readable). The speed counts this run's bytes only, so a
 * resumed transfer does not claim the resumed part as speed.
 */
public final class Progress {

    private final PrintStream err;
    private final boolean terminal;
    private final String label;
    private final long total;
    private final LongSupplier nanos;
    private final long intervalNanos;
    private long startNanos;
    private long startDone;
    private long lastShown = Long.MIN_VALUE;
    private long lastDone = -1;
    private boolean drawn;

    public Progress(
            PrintStream err,
            boolean terminal,
            String label,
            long total,
            LongSupplier nanos,
            long intervalNanos) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.nanos = nanos;
        this.intervalNanos = intervalNanos;
    }

    /** A bar on a terminal (ten redraws a second), a line every two seconds elsewhere. */
    public static Progress onStderr(PrintStream err, boolean terminal, String label, long total) {
        return new Progress(
                err,
                terminal,
                label,
                total,
                System::nanoTime,
                terminal ? 100_000_000L : 2_000_000_000L);
    }

    /** The transfer starts, or starts again, at {@code done} bytes. */
    public void start(long done) {
        startNanos = nanos.getAsLong();
        startDone = done;
        if (done > 0) {
            finishLine();
            err.println(
                    label
                            + " resuming at "
                            + ProgressFormat.mb(done)
                            + " MB ("
                            + ProgressFormat.percent(done, total).strip()
                            + ")");
        }
    }

    /** {@code done} bytes of the total, {@code sent} of them on the wire; shown when it is time. */
    public void update(long done, long sent) {
        long now = nanos.getAsLong();
        if (lastShown != Long.MIN_VALUE && now - lastShown < intervalNanos) {
            return;
        }
        lastShown = now;
        show(done, sent, now);
    }

    /** Shows the last state (unless just shown) and ends the bar's line. */
    public void finish(long done, long sent) {
        if (terminal || done != lastDone) {
            show(done, sent, nanos.getAsLong());
        }
        finishLine();
    }

    private void show(long done, long sent, long now) {
        lastDone = done;
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds <= 0 ? 0 : (done - startDone) / seconds;
        if (terminal) {
            err.print("\r" + ProgressFormat.bar(label, done, total, sent, rate) + "  ");
            drawn = true;
        } else {
            err.println(ProgressFormat.line(label, done, total, sent, rate));
        }
        err.flush();
    }

    private void finishLine() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }
}
