package dev.playcount.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParallelismTest {

    @Test
    void aFixedParallelismIgnoresTheCluster() {
        assertThat(Parallelism.fixed(3).resolve(() -> 8)).isEqualTo(3);
    }

    @Test
    void aRemoteClusterGivesItsSlotsUpToTheCap() {
        assertThat(Parallelism.clusterSlots(0).resolve(() -> 5)).isEqualTo(5);
        assertThat(Parallelism.clusterSlots(2).resolve(() -> 5)).isEqualTo(2);
        assertThat(Parallelism.clusterSlots(8).resolve(() -> 5)).isEqualTo(5);
        assertThat(Parallelism.clusterSlots(0).resolve(() -> 0)).isEqualTo(1);
    }
}
