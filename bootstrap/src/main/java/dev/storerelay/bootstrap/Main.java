package dev.storerelay.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the relay until the process is stopped (SIGTERM / Ctrl-C stop it gracefully). */
public final class Main {
    private static final int CONFIG_ERROR = 2;
    private static final int START_ERROR = 1;

    private Main() {
    }

    public static void main(String[] args) {
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("store-relay: " + e.getMessage());
            System.exit(CONFIG_ERROR);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        StoreRelay relay;
        try {
            relay = StoreRelay.start(config, System.out);
        } catch (RuntimeException e) {
            log.error("store-relay could not start: {}", e.toString(), e);
            System.err.println("store-relay: could not start: " + e.getMessage());
            System.exit(START_ERROR);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close, "store-relay-shutdown"));
    }
}
