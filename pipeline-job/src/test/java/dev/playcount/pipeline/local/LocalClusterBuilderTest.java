package dev.playcount.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

class LocalClusterBuilderTest {

    @Test
    void listensOnLoopbackOnlyOnAFreePortWithoutRestarts() {
        Configuration conf = LocalClusterBuilder.loopback().configuration();
        assertThat(conf.get(RestOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(conf.get(JobManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(conf.get(TaskManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(conf.get(RestOptions.BIND_PORT)).isEqualTo("0");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("none");
    }

    @Test
    void takesAPortSlotsAndSettingsThatWinOverTheDefaults() {
        Configuration extra = new Configuration();
        extra.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        Configuration conf =
                LocalClusterBuilder.loopback().restPort(8081).slots(3).with(extra).configuration();
        assertThat(conf.get(RestOptions.BIND_PORT)).isEqualTo("8081");
        assertThat(conf.get(RestOptions.PORT)).isEqualTo(8081);
        assertThat(conf.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(3);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
    }
}
