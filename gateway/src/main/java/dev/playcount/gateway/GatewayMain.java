package dev.playcount.gateway;

import java.time.Clock;

/** Starts the gateway from the environment and stops it on shutdown. */
public final class GatewayMain {

    private GatewayMain() {}

    public static void main(String[] args) {
        // The jar also holds the pipeline CLI's quiet log4j2.properties; the gateway logs at INFO.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-gateway.properties");
        }
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
