package dev.storerelay.adapter.persistence;

import java.time.Duration;

import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A connection block with OAuth 2.0 settings and a unit's own trust: stored, secrets encrypted, refresh token rotated. */
class UnitOAuth2SettingsIT {
    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    private static final UnitId STORE = UnitId.of("store-1");
    private static final UnitId OTHER = UnitId.of("store-2");
    private static final String PIN = "3a5f00112233445566778899aabbccddeeff00112233445566778899aabbccdd";
    private static final OAuth2Settings DELEGATED = new OAuth2Settings(OAuth2Provider.GENERIC, OAuth2Grant.REFRESH_TOKEN,
            null, "relay-client", new Secret("client-secret-value"), null, null, null, "https://login.example.net/token",
            "https://login.example.net/authorize", "smtp.send", new Secret("first-refresh-token"));
    private static JdbcUnitSettingsAdapter settings;

    @BeforeAll
    static void adapter() {
        settings = new JdbcUnitSettingsAdapter(DB.database(), Duration.ZERO);
    }

    @BeforeEach
    void units() {
        DB.companyWithStores(STORE, OTHER);
    }

    private static UnitSettings oauth2(OAuth2Settings oauth2) {
        return new UnitSettings(new SmtpConnection(new ServerAddress("smtp.example.net"), new Port(587), "store1@example.net",
                null, SecureSocketOptions.START_TLS, oauth2, new ServerTrust(List.of(PIN), null)), null);
    }

    @Test
    void oauth2SettingsAndTrustComeBackAsSavedWithEverySecretEncrypted() throws SQLException {
        settings.saveSettings(STORE, oauth2(DELEGATED));
        assertThat(settings.loadSettings(STORE)).isEqualTo(oauth2(DELEGATED));
        try (Connection connection = DB.newConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT * FROM unit_settings WHERE unit_id = ?")) {
            select.setString(1, STORE.value());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                StringBuilder everything = new StringBuilder();
                for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                    Object value = row.getObject(i);
                    everything.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : value).append('|');
                }
                assertThat(everything.toString()).doesNotContain("client-secret-value").doesNotContain("first-refresh-token")
                        .contains("relay-client").contains(PIN);
            }
        }
    }

    @Test
    void aSecretCopiedToAnotherColumnOrUnitDoesNotDecrypt() throws SQLException {
        settings.saveSettings(STORE, oauth2(DELEGATED));
        settings.saveSettings(OTHER, oauth2(DELEGATED.withRefreshToken(new Secret("other-refresh-token"))));
        try (Connection connection = DB.newConnection()) {
            connection.createStatement().executeUpdate("UPDATE unit_settings SET oauth2_refresh_token_ciphertext = "
                    + "oauth2_client_secret_ciphertext WHERE unit_id = 'store-1'");
        }
        assertThatThrownBy(() -> settings.loadSettings(STORE)).hasMessageContaining("oauth2_refresh_token_ciphertext")
                .hasMessageContaining("store-1").hasMessageNotContaining("client-secret-value");
    }

    @Test
    void aRotatedRefreshTokenReplacesTheOneItWasIssuedForButNotOneAnAdminSetMeanwhile() {
        settings.saveSettings(STORE, oauth2(DELEGATED));
        assertThat(settings.rotated(STORE, new Secret("first-refresh-token"), new Secret("second-refresh-token"))).isTrue();
        assertThat(settings.loadSettings(STORE).connection().oauth2().refreshToken()).isEqualTo(new Secret("second-refresh-token"));

        assertThat(settings.rotated(STORE, new Secret("first-refresh-token"), new Secret("stale-rotation"))).isFalse();
        assertThat(settings.loadSettings(STORE).connection().oauth2().refreshToken()).isEqualTo(new Secret("second-refresh-token"));
        assertThat(settings.rotated(OTHER, new Secret("first-refresh-token"), new Secret("x"))).as("no settings").isFalse();
    }
}
