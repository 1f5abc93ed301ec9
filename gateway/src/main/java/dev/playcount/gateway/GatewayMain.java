package dev.playcount.gateway;

import java.time.Clock;

/** Starts the gateway from the environment and stops it on shutdown. */
public final class GatewayMain {

    private GatewayMain() {}

    public static void main(String[] args) {
        GatewayConfig config;
        try {
            config = GatewayConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("playcount error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Gateway gateway = Gateway.start(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
    }
}
