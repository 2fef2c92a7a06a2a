package dev.storerelay.adapter.persistence;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitSettingsIT {
    private static final String PASSWORD = "correct horse battery staple";
    private static final UnitId STORE = UnitId.of("store-1");
    private static final UnitId OTHER = UnitId.of("store-2");

    @TempDir
    static Path dataDir;
    static PersistenceConfig config;
    static Database database;
    static JdbcUnitSettingsAdapter settings;

    @BeforeAll
    static void startDatabase() {
        config = EmbeddedTestDatabase.freshDatabase(dataDir);
        database = new Database(config, new SimpleMeterRegistry());
        database.start();
        settings = new JdbcUnitSettingsAdapter(database, Duration.ZERO);
    }

    @AfterAll
    static void stopDatabase() {
        database.stop();
    }

    @BeforeEach
    void units() {
        TestTables.clear(database);
        JdbcOrgUnitAdapter units = new JdbcOrgUnitAdapter(database, Duration.ZERO);
        units.saveUnit(new OrgUnit(UnitId.of("company"), "Company", null));
        units.saveUnit(new OrgUnit(STORE, "Store 1", UnitId.of("company")));
        units.saveUnit(new OrgUnit(OTHER, "Store 2", UnitId.of("company")));
    }

    @Test
    void aUnitWithoutSettingsInheritsAll() {
        assertThat(settings.loadSettings(STORE)).isEqualTo(UnitSettings.INHERIT_ALL);
        assertThat(settings.loadSettings(UnitId.of("unknown"))).isEqualTo(UnitSettings.INHERIT_ALL);
    }

    @Test
    void settingsRoundTripWithTheirPassword() {
        UnitSettings saved = withPassword(PASSWORD);

        settings.saveSettings(STORE, saved);

        UnitSettings loaded = settings.loadSettings(STORE);
        assertThat(loaded).isEqualTo(saved);
        assertThat(loaded.connection().password().reveal()).isEqualTo(PASSWORD);
    }

    @Test
    void settingsWithoutLoginOrPortOrConnectionRoundTrip() {
        UnitSettings noLogin = new UnitSettings(new SmtpConnection(new ServerAddress("mail.example.com"), null, null, null,
                SecureSocketOptions.NONE), null);
        UnitSettings senderOnly = new UnitSettings(null, new EmailAddress("store2@example.com"));

        settings.saveSettings(STORE, noLogin);
        settings.saveSettings(OTHER, senderOnly);

        assertThat(settings.loadSettings(STORE)).isEqualTo(noLogin);
        assertThat(settings.loadSettings(OTHER)).isEqualTo(senderOnly);
    }

    @Test
    void savingReplacesAndInheritAllRemoves() {
        settings.saveSettings(STORE, withPassword(PASSWORD));
        UnitSettings replacement = new UnitSettings(null, new EmailAddress("new@example.com"));

        settings.saveSettings(STORE, replacement);
        assertThat(settings.loadSettings(STORE)).isEqualTo(replacement);
        assertThat(rawCiphertext(STORE)).isNull();

        settings.saveSettings(STORE, UnitSettings.INHERIT_ALL);
        assertThat(settings.loadSettings(STORE)).isEqualTo(UnitSettings.INHERIT_ALL);
        assertThat(rowCount()).isZero();
    }

    @Test
    void thePasswordIsStoredEncrypted() {
        settings.saveSettings(STORE, withPassword(PASSWORD));

        byte[] stored = rawCiphertext(STORE);

        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD).doesNotContain("horse");
        assertThat(Base64.getEncoder().encodeToString(stored)).doesNotContain(Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        assertThat(stored[0]).isEqualTo((byte) 1);
        assertThat(stored.length).isEqualTo(1 + 12 + PASSWORD.length() + 16);
        assertThat(database.cipher().decrypt(STORE, stored).reveal()).isEqualTo(PASSWORD);
    }

    @Test
    void theSamePasswordEncryptsDifferentlyEachTime() {
        settings.saveSettings(STORE, withPassword(PASSWORD));
        byte[] first = rawCiphertext(STORE);
        settings.saveSettings(STORE, withPassword(PASSWORD));

        assertThat(rawCiphertext(STORE)).isNotEqualTo(first);
    }

    @Test
    void aCiphertextCopiedToAnotherUnitDoesNotDecrypt() {
        settings.saveSettings(STORE, withPassword(PASSWORD));
        settings.saveSettings(OTHER, withPassword("other secret"));
        overwriteCiphertext(OTHER, rawCiphertext(STORE));

        assertThatThrownBy(() -> settings.loadSettings(OTHER))
                .isInstanceOf(PasswordCipher.PasswordDecryptionException.class)
                .hasMessageContaining("store-2")
                .hasMessageNotContaining(PASSWORD);
        assertThat(settings.loadSettings(STORE).connection().password().reveal()).isEqualTo(PASSWORD);
    }

    @Test
    void aWrongMasterKeyFailsClearly() {
        settings.saveSettings(STORE, withPassword(PASSWORD));
        String otherKey = Base64.getEncoder().encodeToString(new byte[32]);
        Database withOtherKey = new Database(new PersistenceConfig(config.jdbcUrl(), config.user(), config.password(),
                dataDir, otherKey), new SimpleMeterRegistry());
        withOtherKey.start();
        try {
            assertThatThrownBy(() -> new JdbcUnitSettingsAdapter(withOtherKey, Duration.ZERO).loadSettings(STORE))
                    .hasMessageContaining("store-1")
                    .hasMessageContaining(PersistenceConfig.MASTER_KEY_VARIABLE)
                    .hasMessageNotContaining(PASSWORD);
        } finally {
            withOtherKey.stop();
        }
    }

    private static UnitSettings withPassword(String password) {
        return new UnitSettings(new SmtpConnection(new ServerAddress("smtp.example.com"), new Port(587), "store1",
                new Secret(password), SecureSocketOptions.START_TLS), new EmailAddress("store1@example.com"));
    }

    private static byte[] rawCiphertext(UnitId unit) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT password_ciphertext FROM unit_settings WHERE unit_id = ?")) {
            select.setString(1, unit.value());
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void overwriteCiphertext(UnitId unit, byte[] ciphertext) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE unit_settings SET password_ciphertext = ? WHERE unit_id = ?")) {
            update.setBytes(1, ciphertext);
            update.setString(2, unit.value());
            assertThat(update.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int rowCount() {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM unit_settings");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
