package dev.storerelay.bootstrap;

import dev.storerelay.adapter.persistence.PersistenceConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The relay as its own operating-system process ({@code Main} in a child JVM, configured only through environment
 * variables), so a test can kill it with SIGKILL or run two of them on one database.
 */
final class RelayProcess implements AutoCloseable {
    static final String ADMIN_PASSWORD = "process-admin-password";

    private final Process process;
    private final int smtpPort;
    private final int adminPort;
    private final int managementPort;

    private RelayProcess(Process process, int smtpPort, int adminPort, int managementPort) {
        this.process = process;
        this.smtpPort = smtpPort;
        this.adminPort = adminPort;
        this.managementPort = managementPort;
    }

    static RelayProcess start(PersistenceConfig db, Path dataDir, Path log, Map<String, String> extra) {
        return start(db, dataDir, log, extra, "256m");
    }

    /** @param maxHeap the child JVM's -Xmx, e.g. "64m" */
    static RelayProcess start(PersistenceConfig db, Path dataDir, Path log, Map<String, String> extra, String maxHeap) {
        int smtpPort = LoopbackPorts.unused();
        int adminPort = LoopbackPorts.unused();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("STORE_RELAY_"));
        Map<String, String> settings = new HashMap<>(Map.of("STORE_RELAY_SMTP_PORT", Integer.toString(smtpPort),
                "STORE_RELAY_ADMIN_PORT", Integer.toString(adminPort), "STORE_RELAY_DELIVERY_THREADS", "4",
                "STORE_RELAY_MANAGEMENT_PORT", Integer.toString(LoopbackPorts.unused())));
        settings.putAll(extra);
        int managementPort = Integer.parseInt(settings.get("STORE_RELAY_MANAGEMENT_PORT"));
        env.putAll(TestConfigs.environment(db, dataDir, ADMIN_PASSWORD, settings));
        try {
            Process process = builder.start();
            RelayProcess relay = new RelayProcess(process, smtpPort, adminPort, managementPort);
            await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive() || relay.listening());
            if (!process.isAlive()) {
                throw new IllegalStateException("relay process exited with " + process.exitValue() + "; see " + log);
            }
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int smtpPort() {
        return smtpPort;
    }

    int adminPort() {
        return adminPort;
    }

    int managementPort() {
        return managementPort;
    }

    AdminApi api() {
        return new AdminApi(adminPort, "admin", ADMIN_PASSWORD);
    }

    /** SIGKILL: no shutdown hook, no lease released, nothing flushed. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as a service manager stops it; returns at once. */
    void terminate() {
        process.destroy();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();                                       // SIGTERM: the graceful shutdown path
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private boolean listening() {
        return accepts(smtpPort) && accepts(adminPort);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
