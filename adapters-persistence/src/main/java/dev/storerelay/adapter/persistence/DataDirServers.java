package dev.storerelay.adapter.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The mariadbd processes that serve one data directory: the embedded server's own, and any a killed relay left. */
final class DataDirServers {
    private static final String DATADIR_OPTION = "--datadir=";
    /** How long a server left running may take to shut down cleanly before it is killed. */
    private static final Duration SERVER_LEFT_RUNNING_STOP = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(DataDirServers.class);

    private final Path dataDir;

    DataDirServers(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * A relay killed without its shutdown (SIGKILL, the OOM killer) leaves its MariaDB running: it holds the data
     * directory's locks, and no new server could start on it. Such a server, whose relay is gone, is shut down
     * (SIGTERM: it finishes cleanly, as on a normal stop). One whose parent is still a running JVM belongs to a relay
     * that still runs on this data directory: the start is refused.
     */
    void stopLeftRunning() {
        for (ProcessHandle server : serversOnDataDir()) {
            Optional<ProcessHandle> parent = server.parent().filter(ProcessHandle::isAlive);
            if (parent.isPresent() && parent.get().info().command().map(c -> c.endsWith("java")).orElse(false)) {
                throw new IllegalStateException("the embedded MariaDB in " + dataDir + " is in use by process "
                        + parent.get().pid() + " (another store-relay?); stop it, or give this relay another data directory");
            }
            LOG.warn("Stopping the embedded MariaDB (pid {}) that a relay which ended without shutting down left "
                    + "running on {}", server.pid(), dataDir);
            server.destroy();
            try {
                server.onExit().get(SERVER_LEFT_RUNNING_STOP.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                server.destroyForcibly();
                server.onExit().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the MariaDB left running on " + dataDir, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot stop the MariaDB left running on " + dataDir, e);
            }
        }
    }

    /** Running mariadbd processes on this data directory, found through the pid files it writes there. */
    private List<ProcessHandle> serversOnDataDir() {
        List<ProcessHandle> servers = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) {
            return servers;
        }
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(dataDir, "*.pid")) {
            for (Path pidFile : pidFiles) {
                String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
                if (!text.matches("[0-9]{1,10}")) {
                    continue;
                }
                // A pid file left by a server that died may name an unrelated process by now.
                ProcessHandle.of(Long.parseLong(text)).filter(ProcessHandle::isAlive).filter(this::serves)
                        .ifPresent(servers::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for a MariaDB left running on " + dataDir, e);
        }
        return servers;
    }

    /** Whether {@code process} is a mariadbd whose data directory is this one. */
    boolean serves(ProcessHandle process) {
        Optional<String[]> arguments = process.info().arguments();
        if (process.info().command().map(c -> !c.endsWith("mariadbd")).orElse(true) || arguments.isEmpty()) {
            return false;
        }
        for (String argument : arguments.get()) {
            if (argument.startsWith(DATADIR_OPTION)
                    && Path.of(argument.substring(DATADIR_OPTION.length())).toAbsolutePath().normalize().equals(dataDir)) {
                return true;
            }
        }
        return false;
    }
}
