package dev.storerelay.adapter.persistence;

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
import java.util.Properties;

/**
 * The embedded server's accounts, managed over its owner-only Unix socket as the operating-system user the relay runs
 * as: {@code mariadb-install-db} gives that user (or root) an account that logs in through the socket by the peer's
 * user id alone ({@code unix_socket}), so the server never needs to run without grant checks, and nobody else can
 * use that account. The relay itself logs in over TCP as {@link #USER} with a generated password.
 */
final class EmbeddedAccounts {
    static final String USER = "storerelay";
    static final String HOST = "127.0.0.1";
    private static final String ACCOUNT = "'" + USER + "'@'" + HOST + "'";
    /**
     * What the relay's login may do, on its own schema only: read and write its tables, and let Flyway create and
     * change them. No FILE, no PROCESS, no SUPER, nothing on other schemas.
     */
    private static final String SCHEMA_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, "
            + "REFERENCES, CREATE TEMPORARY TABLES, LOCK TABLES, TRIGGER";
    private static final int PASSWORD_BYTES = 32;

    private final EmbeddedLayout layout;
    private final String osUser;

    EmbeddedAccounts(EmbeddedLayout layout, String osUser) {
        this.layout = layout;
        this.osUser = osUser;
    }

    /**
     * Sets the relay's login up on a started server and returns its password: the generated one kept in the password
     * file, or a new one written there when the file is missing. The account is created again on every start with
     * exactly the privileges of {@link #SCHEMA_PRIVILEGES} on {@code schema}, so a data directory from a version that
     * gave it more loses them; accounts without a name, and the grants of a new installation's {@code test} schemas
     * to everyone, are removed.
     */
    String prepareRelayLogin(String schema) {
        String password = Files.exists(layout.passwordFile()) ? readPassword() : null;
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            for (String host : strings(statement, "SELECT host FROM mysql.user WHERE user = ''")) {
                try (PreparedStatement drop = connection.prepareStatement("DROP USER ''@?")) {
                    drop.setString(1, host);
                    drop.execute();
                }
            }
            for (String database : strings(statement, "SELECT db FROM mysql.db WHERE user = 'PUBLIC'")) {
                statement.execute("REVOKE ALL PRIVILEGES ON `" + database.replace("`", "``") + "`.* FROM PUBLIC");
            }
            statement.execute("DROP DATABASE IF EXISTS test");
            boolean generated = password == null;
            if (generated) {
                password = generatePassword();
            }
            try (PreparedStatement create = connection.prepareStatement("CREATE OR REPLACE USER " + ACCOUNT + " IDENTIFIED BY ?")) {
                create.setString(1, password);
                create.execute();
            }
            createSchema(statement, schema);
            if (generated) {
                OwnerOnlyFile.create(layout.passwordFile(), password);
            }
            return password;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the relay's login in the embedded MariaDB in " + layout.dataDir(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the database password file " + layout.passwordFile(), e);
        }
    }

    /** Creates a schema (binary collation: unit ids are case-sensitive) unless it exists, for the relay's login. */
    void createSchema(String schema) {
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            createSchema(statement, schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + schema + " in the embedded MariaDB", e);
        }
    }

    private static void createSchema(Statement statement, String schema) throws SQLException {
        String quoted = "`" + schema.replace("`", "``") + "`";
        statement.execute("CREATE DATABASE IF NOT EXISTS " + quoted + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        statement.execute("GRANT " + SCHEMA_PRIVILEGES + " ON " + quoted + ".* TO " + ACCOUNT);
    }

    /** The server's administrator account, through the owner-only socket; the server checks the peer's user id. */
    private Connection adminConnection() throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", osUser);
        login.setProperty("localSocket", layout.socket().toString());
        return DriverManager.getConnection("jdbc:mariadb://localhost/", login);
    }

    private static List<String> strings(Statement statement, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private String readPassword() {
        try {
            String stored = Files.readString(layout.passwordFile(), StandardCharsets.US_ASCII).strip();
            if (stored.isEmpty()) {
                throw new IllegalStateException("the database password file " + layout.passwordFile() + " is empty; "
                        + "delete it and the relay sets a new password at its next start");
            }
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the database password file " + layout.passwordFile(), e);
        }
    }

    private static String generatePassword() {
        byte[] random = new byte[PASSWORD_BYTES];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
