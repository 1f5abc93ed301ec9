package dev.playcount.pipeline;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The jar's entry point: runs {@link PipelineCli} in a child JVM with the JVM options a short batch
 * run wants, since {@code java -jar} cannot set them: the class-data-sharing archive the build
 * wrote next to the jar, Flink's RPC jar extracted beside it ({@link ExtractedRpcSystemLoader}), a
 * later C2 compilation (bench/README.md, "Fixed cost"), and huge pages for managed memory. It
 * touches no other class, so this first JVM stays cheap.
 */
public final class CliLauncher {

    /** {@code off}: never relaunch; {@code child}: this JVM is the relaunched one. */
    static final String PROPERTY = "playcount.cds";

    private static final String CHILD = "child";

    /**
     * Ten times the default C2 thresholds: at start-up C2 otherwise compiles some 500 methods of
     * Flink's and Pekko's set-up code that run a few thousand times and never again, taking a core
     * of two for seconds; the job's hot loops still reach C2 within milliseconds.
     */
    private static final List<String> LATER_C2 =
            List.of(
                    "-XX:Tier4InvocationThreshold=50000",
                    "-XX:Tier4MinInvocationThreshold=6000",
                    "-XX:Tier4CompileThreshold=150000",
                    "-XX:Tier4BackEdgeThreshold=400000");

    private static final String GLIBC_TUNABLES = "GLIBC_TUNABLES";

    private static final String ROCKSDB_MUSL_LIBC = "ROCKSDB_MUSL_LIBC";

    /**
     * Transparent huge pages for what glibc's malloc maps, which is where Flink's managed memory
     * lives (the summing table's random probes miss the TLB on 4 KiB pages); the JVM's own flag
     * covers only its heap. About 7% less CPU on 20M distinct pairs (bench/README.md). Ignored
     * where the C library is not glibc 2.35 or later, or huge pages are off.
     */
    private static final String HUGE_PAGES = "glibc.malloc.hugetlb=1";

    private CliLauncher() {}

    /** The caller's own GLIBC_TUNABLES win; ours is added to any others. */
    private static String unlessTuned(String theirs, String ours) {
        if (theirs.isBlank()) {
            return ours;
        }
        return theirs.contains("glibc.malloc.hugetlb") ? theirs : theirs + ":" + ours;
    }

    public static void main(String[] args) {
        OptionalInt relaunched = relaunch();
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        PipelineCli.main(args);
    }

    /**
     * @return the child's exit code, or empty when this JVM should run the CLI itself: relaunching
     *     is off, this is the child, the JVM was not started as {@code java -jar} on this jar
     *     (tests, {@code flink run}), or there is no archive
     */
    static OptionalInt relaunch() {
        String mode = System.getProperty(PROPERTY, "on");
        if (mode.equals("off") || mode.equals(CHILD)) {
            return OptionalInt.empty();
        }
        Optional<Path> archive =
                launchedJar().map(CliLauncher::archiveOf).filter(Files::isRegularFile);
        ProcessHandle.Info self = ProcessHandle.current().info();
        if (archive.isEmpty() || self.command().isEmpty() || self.arguments().isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(self.command().get());
        command.add("-XX:SharedArchiveFile=" + archive.get());
        // a jar rebuilt without its archive only runs slower; say nothing on stdout or stderr
        command.add("-Xlog:cds=off");
        command.add("-Xlog:cds+dynamic=off");
        command.addAll(LATER_C2);
        Path rpcJar = rpcJarOf(archive.get());
        if (Files.isRegularFile(rpcJar)) {
            command.add("-D" + ExtractedRpcSystemLoader.PROPERTY + "=" + rpcJar);
        }
        command.add("-D" + PROPERTY + "=" + CHILD);
        // the caller's own options come after ours, so they win
        command.addAll(List.of(self.arguments().get()));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().merge(GLIBC_TUNABLES, HUGE_PAGES, CliLauncher::unlessTuned);
        // RocksDB asks `sh -c "ldd /usr/bin/env | grep -q musl"` which C library this is, in a
        // process of its own at every start, unless told
        builder.environment()
                .putIfAbsent(ROCKSDB_MUSL_LIBC, Boolean.toString(muslLibc(Path.of("/lib"))));
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        // a signal that ends this JVM ends the child too
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy, "stop-child"));
        while (true) {
            try {
                return OptionalInt.of(child.waitFor());
            } catch (InterruptedException e) {
                // keep waiting: the child decides when the run is over
            }
        }
    }

    /** In the child: exits once the parent is gone (killed with SIGKILL, say), not orphaned. */
    static void exitWithParent(int exitCode) {
        if (CHILD.equals(System.getProperty(PROPERTY))) {
            ProcessHandle.current()
                    .parent()
                    .ifPresent(p -> p.onExit().thenRun(() -> System.exit(exitCode)));
        }
    }

    /** Whether {@code lib} holds musl's loader or C library, as on Alpine (RocksDB's own test). */
    static boolean muslLibc(Path lib) {
        try (var files = Files.list(lib)) {
            return files.map(f -> f.getFileName().toString())
                    .anyMatch(name -> name.startsWith("ld-musl") || name.startsWith("libc.musl"));
        } catch (IOException e) {
            return false;
        }
    }

    static Path archiveOf(Path jar) {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        return jar.resolveSibling(name + ".jsa");
    }

    /** Flink's RPC jar, which the build extracts next to the archive. */
    static Path rpcJarOf(Path archive) {
        return archive.resolveSibling("flink-rpc-akka.jar");
    }

    /** The jar this class came from, if the JVM was started with {@code java -jar} on it. */
    private static Optional<Path> launchedJar() {
        try {
            Path self =
                    Path.of(
                            CliLauncher.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            Path classPath = Path.of(System.getProperty("java.class.path", ""));
            if (Files.isRegularFile(self)
                    && Files.isRegularFile(classPath)
                    && Files.isSameFile(self, classPath)) {
                return Optional.of(self.toAbsolutePath());
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // not a jar on the local file system: run in this JVM
        }
        return Optional.empty();
    }
}
