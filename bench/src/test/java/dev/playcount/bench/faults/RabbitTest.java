package dev.playcount.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RabbitTest {

    @Test
    void findsTheClientPortsOfTheChosenProcessesOnly() {
        List<String> ss =
                List.of(
                        "0      0      [::ffff:127.0.0.1]:43210 [::ffff:127.0.0.1]:5672"
                                + " users:((\"java\",pid=101,fd=55))",
                        "0      0      127.0.0.1:43211 127.0.0.1:5672"
                                + " users:((\"java\",pid=202,fd=56))",
                        "0      0      [::ffff:127.0.0.1]:43212 [::ffff:127.0.0.1]:5673"
                                + " users:((\"java\",pid=101,fd=57))",
                        "0      0      [::ffff:127.0.0.1]:43213 [::ffff:127.0.0.1]:5672"
                                + " users:((\"java\",pid=101,fd=58))");

        assertThat(Rabbit.clientPorts(ss, 5672, Set.of(101L)))
                .containsExactlyInAnyOrder("43210", "43213");
        assertThat(Rabbit.clientPorts(ss, 5672, Set.of(303L))).isEmpty();
    }
}
