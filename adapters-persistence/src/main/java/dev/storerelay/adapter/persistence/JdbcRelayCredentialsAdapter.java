package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.domain.model.UnitId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Relay credentials in table {@code relay_credentials}: a user name and a PBKDF2 hash per unit. */
final class JdbcRelayCredentialsAdapter implements RelayCredentialsPort {
    private static final String SELECT = "SELECT unit_id, username, password_hash FROM relay_credentials WHERE ";

    private final Database database;

    JdbcRelayCredentialsAdapter(Database database) {
        this.database = database;
    }

    @Override
    public Optional<RelayCredential> findByUsername(String username) {
        return find("load a relay credential", "username = ?", username);
    }

    @Override
    public Optional<RelayCredential> findByUnit(UnitId unit) {
        return find("load the relay credential of unit " + unit, "unit_id = ?", unit.value());
    }

    @Override
    public boolean saveCredential(RelayCredential credential) {
        // Not an upsert: with two unique keys, ON DUPLICATE KEY UPDATE would overwrite the row of the unit that
        // owns the user name. Replace this unit's row instead and let the unique key refuse a taken name.
        return Jdbc.inTransaction(database, "save the relay credential of unit " + credential.unit(), connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM relay_credentials WHERE unit_id = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO relay_credentials (unit_id, username, password_hash) VALUES (?, ?, ?)")) {
                delete.setString(1, credential.unit().value());
                delete.executeUpdate();
                insert.setString(1, credential.unit().value());
                insert.setString(2, credential.username());
                insert.setString(3, credential.passwordHash());
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!Jdbc.isDuplicateKey(e)) {
                    throw e;
                }
                connection.rollback();
                return false;
            }
        });
    }

    @Override
    public void deleteCredential(UnitId unit) {
        Jdbc.withConnection(database, "delete the relay credential of unit " + unit, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM relay_credentials WHERE unit_id = ?")) {
                delete.setString(1, unit.value());
                delete.executeUpdate();
            }
            return null;
        });
    }

    private Optional<RelayCredential> find(String what, String condition, String value) {
        return Jdbc.withConnection(database, what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + condition)) {
                select.setString(1, value);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new RelayCredential(new UnitId(rows.getString("unit_id")),
                            rows.getString("username"), rows.getString("password_hash")));
                }
            }
        });
    }
}
