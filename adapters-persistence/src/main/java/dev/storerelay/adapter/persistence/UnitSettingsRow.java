package dev.storerelay.adapter.persistence;

import dev.storerelay.domain.model.EmailAddress;
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

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A row of {@code unit_settings}: a unit's own settings in columns, its secrets encrypted (each with its column as
 * associated data; the password as it always was). {@code oauth2_provider} is {@code NULL} exactly when the connection
 * block logs in with a password or not at all.
 */
final class UnitSettingsRow {
    static final String CLIENT_SECRET = "oauth2_client_secret_ciphertext";
    static final String PRIVATE_KEY = "oauth2_private_key_ciphertext";
    static final String SERVICE_ACCOUNT = "oauth2_service_account_ciphertext";
    static final String REFRESH_TOKEN = "oauth2_refresh_token_ciphertext";
    private static final List<String> COLUMN_NAMES = List.of("server_address", "port", "login", "password_ciphertext",
            "secure_socket_options", "outgoing_email_address", "oauth2_provider", "oauth2_grant", "oauth2_tenant_id",
            "oauth2_client_id", CLIENT_SECRET, PRIVATE_KEY, "oauth2_certificate_pem", SERVICE_ACCOUNT,
            "oauth2_token_endpoint", "oauth2_authorization_endpoint", "oauth2_scope", REFRESH_TOKEN,
            "trust_pinned_sha256", "trust_ca_certificates_pem");
    static final String COLUMNS = String.join(", ", COLUMN_NAMES);
    static final String UPSERT = "INSERT INTO unit_settings (unit_id, " + COLUMNS + ") VALUES ("
            + String.join(", ", Collections.nCopies(COLUMN_NAMES.size() + 1, "?")) + ") ON DUPLICATE KEY UPDATE "
            + String.join(", ", COLUMN_NAMES.stream().map(c -> c + " = VALUES(" + c + ")").toList());

    private final UnitId unit;
    /** The values of {@link #COLUMN_NAMES}, in order: strings, integers, ciphertexts or nulls. */
    private final List<Object> values;

    private UnitSettingsRow(UnitId unit, List<Object> values) {
        this.unit = unit;
        this.values = values;
    }

    /** The row of these settings, its secrets encrypted for {@code unit}. */
    static UnitSettingsRow of(UnitId unit, UnitSettings settings, PasswordCipher cipher) {
        SmtpConnection c = settings.connection();
        OAuth2Settings o = c == null ? null : c.oauth2();
        ServerTrust trust = c == null ? ServerTrust.DEFAULT : c.trust();
        List<Object> values = new ArrayList<>(Arrays.asList(
                c == null ? null : c.serverAddress().value(),
                c == null || c.port() == null ? null : c.port().value(),
                c == null ? null : c.login(),
                c == null || c.password() == null ? null : cipher.encrypt(unit, c.password()),
                c == null ? null : c.secureSocketOptions().name(),
                settings.outgoingEmailAddress() == null ? null : settings.outgoingEmailAddress().value(),
                o == null ? null : o.provider().name(),
                o == null ? null : o.grant().name(),
                o == null ? null : o.tenantId(),
                o == null ? null : o.clientId(),
                encrypted(cipher, unit, CLIENT_SECRET, o == null ? null : o.clientSecret()),
                encrypted(cipher, unit, PRIVATE_KEY, o == null ? null : o.privateKeyPem()),
                o == null ? null : o.certificatePem(),
                encrypted(cipher, unit, SERVICE_ACCOUNT, o == null ? null : o.serviceAccountJson()),
                o == null ? null : o.tokenEndpoint(),
                o == null ? null : o.authorizationEndpoint(),
                o == null ? null : o.scope(),
                encrypted(cipher, unit, REFRESH_TOKEN, o == null ? null : o.refreshToken()),
                trust.pinnedSha256().isEmpty() ? null : String.join(" ", trust.pinnedSha256()),
                trust.caCertificatesPem()));
        return new UnitSettingsRow(unit, values);
    }

    /** Binds the unit id and every column, in the order of {@link #UPSERT}. */
    void bind(PreparedStatement upsert) throws SQLException {
        upsert.setString(1, unit.value());
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value == null) {
                upsert.setNull(i + 2, Types.NULL);
            } else if (value instanceof byte[] bytes) {
                upsert.setBytes(i + 2, bytes);
            } else {
                upsert.setObject(i + 2, value);
            }
        }
    }

    /** The settings of the current row of {@code row}, which selected {@link #COLUMNS}. */
    static UnitSettings read(UnitId unit, ResultSet row, PasswordCipher cipher) throws SQLException {
        String address = row.getString("outgoing_email_address");
        EmailAddress outgoing = address == null ? null : new EmailAddress(address);
        String server = row.getString("server_address");
        if (server == null) {
            return new UnitSettings(null, outgoing);
        }
        int port = row.getInt("port");
        Port explicitPort = row.wasNull() ? null : new Port(port);
        byte[] password = row.getBytes("password_ciphertext");
        String pins = row.getString("trust_pinned_sha256");
        ServerTrust trust = new ServerTrust(pins == null ? List.of() : List.of(pins.split(" ")),
                row.getString("trust_ca_certificates_pem"));
        SmtpConnection connection = new SmtpConnection(new ServerAddress(server), explicitPort, row.getString("login"),
                password == null ? null : cipher.decrypt(unit, password),
                SecureSocketOptions.valueOf(row.getString("secure_socket_options")), oauth2(unit, row, cipher), trust);
        return new UnitSettings(connection, outgoing);
    }

    private static OAuth2Settings oauth2(UnitId unit, ResultSet row, PasswordCipher cipher) throws SQLException {
        String provider = row.getString("oauth2_provider");
        if (provider == null) {
            return null;
        }
        return new OAuth2Settings(OAuth2Provider.valueOf(provider), OAuth2Grant.valueOf(row.getString("oauth2_grant")),
                row.getString("oauth2_tenant_id"), row.getString("oauth2_client_id"),
                decrypted(cipher, unit, CLIENT_SECRET, row), decrypted(cipher, unit, PRIVATE_KEY, row),
                row.getString("oauth2_certificate_pem"), decrypted(cipher, unit, SERVICE_ACCOUNT, row),
                row.getString("oauth2_token_endpoint"), row.getString("oauth2_authorization_endpoint"),
                row.getString("oauth2_scope"), decrypted(cipher, unit, REFRESH_TOKEN, row));
    }

    private static byte[] encrypted(PasswordCipher cipher, UnitId unit, String column, Secret secret) {
        return secret == null ? null : cipher.encrypt(unit, column, secret);
    }

    private static Secret decrypted(PasswordCipher cipher, UnitId unit, String column, ResultSet row) throws SQLException {
        byte[] stored = row.getBytes(column);
        return stored == null ? null : cipher.decrypt(unit, column, stored);
    }
}
