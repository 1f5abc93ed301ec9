package dev.playcount.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a folder, so a test fills a real disk (the kernel answers ENOSPC)
 * instead of pretending to. Needs root (or CAP_SYS_ADMIN).
 */
public final class TmpfsMount implements AutoCloseable {

    /** Mounting is not possible here (not root, no mount command, a container that forbids it). */
    public static final class NotMountable extends Exception {
        NotMountable(String why) {
            super(why);
        }
    }

    private final Path dir;

    private TmpfsMount(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code dir}, created if missing. */
    public static TmpfsMount mount(Path dir, int megabytes) throws IOException, NotMountable {
        Files.createDirectories(dir);
        String refused =
                run(
                        "mount",
                        "-t",
                        "tmpfs",
                        "-o",
                        "size=" + megabytes + "m",
                        "tmpfs",
                        dir.toString());
        if (refused != null) {
            throw new NotMountable(refused);
        }
        return new TmpfsMount(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Unmounts; lazily when something still holds a file open, so the test run never hangs. */
    @Override
    public void close() {
        if (run("umount", dir.toString()) != null) {
            run("umount", "-l", dir.toString());
        }
    }

    /** Runs a command; null when it exited 0, else what went wrong. */
    private static String run(String... command) {
        String line = String.join(" ", command);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return line + " did not finish in 30 s";
            }
            return process.exitValue() == 0
                    ? null
                    : line + " exited " + process.exitValue() + ": " + output.strip();
        } catch (IOException e) {
            return line + " could not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return line + " was interrupted";
        }
    }
}
