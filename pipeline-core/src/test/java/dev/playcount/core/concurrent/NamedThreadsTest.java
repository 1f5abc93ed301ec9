package dev.playcount.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class NamedThreadsTest {

    @Test
    void namesEachThreadAndNumbersTheLaterOnes() {
        ThreadFactory factory = NamedThreads.daemon("upload-store");

        Thread first = factory.newThread(() -> {});
        Thread second = factory.newThread(() -> {});

        assertThat(first.getName()).isEqualTo("upload-store");
        assertThat(second.getName()).isEqualTo("upload-store-2");
        assertThat(first.isDaemon()).isTrue();
        assertThat(NamedThreads.daemon("other").newThread(() -> {}).getName()).isEqualTo("other");
    }

    @Test
    void nonDaemonThreadsKeepTheJvmAlive() {
        assertThat(NamedThreads.nonDaemon("worker").newThread(() -> {}).isDaemon()).isFalse();
    }
}
