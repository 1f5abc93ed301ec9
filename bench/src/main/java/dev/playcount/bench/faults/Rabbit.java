package dev.playcount.bench.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local RabbitMQ's side of the faults, through {@code rabbitmqctl}: the broker closing the
 * connections of chosen processes (found by their client ports, since other programs on this
 * machine share the broker), and deleting the matrix's queues at the end.
 */
final class Rabbit {

    private final int amqpPort;

    Rabbit(int amqpPort) {
        this.amqpPort = amqpPort;
    }

    /**
     * Has the broker close every AMQP connection of the given processes.
     *
     * @return how many connections it closed
     */
    int closeConnectionsOf(Set<Long> pids) throws IOException, InterruptedException {
        Set<String> ports =
                clientPorts(
                        run("ss", "-Htnp", "state", "established", "( dport = :" + amqpPort + " )"),
                        amqpPort,
                        pids);
        int closed = 0;
        for (String line :
                run(
                        "rabbitmqctl",
                        "-q",
                        "list_connections",
                        "--no-table-headers",
                        "pid",
                        "peer_port")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2 && ports.contains(fields[1])) {
                run(
                        "rabbitmqctl",
                        "-q",
                        "close_connection",
                        fields[0],
                        "bench/faults: closed by the broker");
                closed++;
            }
        }
        return closed;
    }

    /**
     * The local ports of the connections to {@code brokerPort} that {@code ss -tnp} lists for the
     * given pids.
     */
    static Set<String> clientPorts(List<String> ssLines, int brokerPort, Set<Long> pids) {
        // local address:port, peer address:port, then the owning process
        Pattern socket =
                Pattern.compile(
                        "\\S+:(\\d+)\\s+\\S+:"
                                + brokerPort
                                + "\\s+users:\\(\\(\"[^\"]*\",pid=(\\d+),");
        Set<String> ports = new HashSet<>();
        for (String line : ssLines) {
            Matcher m = socket.matcher(line);
            if (m.find() && pids.contains(Long.parseLong(m.group(2)))) {
                ports.add(m.group(1));
            }
        }
        return ports;
    }

    void deleteQueue(String name) throws IOException, InterruptedException {
        run("rabbitmqctl", "-q", "delete_queue", name);
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return new ArrayList<>(out.lines().toList());
    }
}
