package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each unit's own SMTP settings in table {@code unit_settings}; the password is stored encrypted. Delivery resolves a
 * store's settings for every message, so each unit's row is reused while the configuration is unchanged (see
 * {@link RecentSnapshot}).
 */
final class JdbcUnitSettingsAdapter implements UnitSettingsPort {
    private final Database database;
    private final Duration snapshotMaxAge;
    private final Map<UnitId, RecentSnapshot<UnitSettings>> recent = new ConcurrentHashMap<>();

    /** Reads the database every time. */
    JdbcUnitSettingsAdapter(Database database) {
        this(database, Duration.ZERO);
    }

    /** Reuses a unit's read settings (see {@link RecentSnapshot}); this adapter's own changes are seen at once. */
    JdbcUnitSettingsAdapter(Database database, Duration snapshotMaxAge) {
        this.database = database;
        this.snapshotMaxAge = snapshotMaxAge;
    }

    @Override
    public UnitSettings loadSettings(UnitId unit) {
        return snapshotOf(unit).get(() -> read(unit));
    }

    private RecentSnapshot<UnitSettings> snapshotOf(UnitId unit) {
        return recent.computeIfAbsent(unit, u -> RecentSnapshot.of(database, snapshotMaxAge));
    }

    private UnitSettings read(UnitId unit) {
        return Jdbc.withConnection(database, "load the SMTP settings of unit " + unit, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT server_address, port, login, password_ciphertext, secure_socket_options, outgoing_email_address "
                            + "FROM unit_settings WHERE unit_id = ?")) {
                select.setString(1, unit.value());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? toSettings(unit, rows) : UnitSettings.INHERIT_ALL;
                }
            }
        });
    }

    @Override
    public void saveSettings(UnitId unit, UnitSettings settings) {
        if (settings.isEmpty()) {
            snapshotOf(unit).change(database, "clear the SMTP settings of unit " + unit, connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM unit_settings WHERE unit_id = ?")) {
                    delete.setString(1, unit.value());
                    delete.executeUpdate();
                }
                return null;
            });
            return;
        }
        SmtpConnection smtp = settings.connection();
        byte[] ciphertext = smtp == null || smtp.password() == null ? null : database.cipher().encrypt(unit, smtp.password());
        snapshotOf(unit).change(database, "save the SMTP settings of unit " + unit, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO unit_settings (unit_id, server_address, port, login, password_ciphertext, "
                            + "secure_socket_options, outgoing_email_address) VALUES (?, ?, ?, ?, ?, ?, ?) "
                            + "ON DUPLICATE KEY UPDATE server_address = VALUES(server_address), port = VALUES(port), "
                            + "login = VALUES(login), password_ciphertext = VALUES(password_ciphertext), "
                            + "secure_socket_options = VALUES(secure_socket_options), "
                            + "outgoing_email_address = VALUES(outgoing_email_address)")) {
                upsert.setString(1, unit.value());
                Jdbc.setNullableString(upsert, 2, smtp == null ? null : smtp.serverAddress().value());
                if (smtp == null || smtp.port() == null) {
                    upsert.setNull(3, Types.INTEGER);
                } else {
                    upsert.setInt(3, smtp.port().value());
                }
                Jdbc.setNullableString(upsert, 4, smtp == null ? null : smtp.login());
                if (ciphertext == null) {
                    upsert.setNull(5, Types.VARBINARY);
                } else {
                    upsert.setBytes(5, ciphertext);
                }
                Jdbc.setNullableString(upsert, 6, smtp == null ? null : smtp.secureSocketOptions().name());
                Jdbc.setNullableString(upsert, 7, settings.outgoingEmailAddress() == null ? null : settings.outgoingEmailAddress().value());
                upsert.executeUpdate();
            }
            return null;
        });
    }

    private UnitSettings toSettings(UnitId unit, ResultSet row) throws SQLException {
        String address = row.getString("outgoing_email_address");
        EmailAddress outgoing = address == null ? null : new EmailAddress(address);
        String server = row.getString("server_address");
        if (server == null) {
            return new UnitSettings(null, outgoing);
        }
        int port = row.getInt("port");
        Port explicitPort = row.wasNull() ? null : new Port(port);
        byte[] ciphertext = row.getBytes("password_ciphertext");
        SmtpConnection connection = new SmtpConnection(new ServerAddress(server), explicitPort, row.getString("login"),
                ciphertext == null ? null : database.cipher().decrypt(unit, ciphertext),
                SecureSocketOptions.valueOf(row.getString("secure_socket_options")));
        return new UnitSettings(connection, outgoing);
    }
}
