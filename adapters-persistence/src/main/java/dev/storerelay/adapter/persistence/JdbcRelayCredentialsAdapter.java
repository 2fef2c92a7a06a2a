package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.domain.model.UnitId;
import org.jdbi.v3.core.JdbiException;

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
        return Jdbc.inHandleTransaction(database, "save the relay credential of unit " + credential.unit(), handle -> {
            try {
                handle.createUpdate("DELETE FROM relay_credentials WHERE unit_id = ?")
                        .bind(0, credential.unit().value())
                        .execute();
                handle.createUpdate("INSERT INTO relay_credentials (unit_id, username, password_hash) VALUES (?, ?, ?)")
                        .bind(0, credential.unit().value())
                        .bind(1, credential.username())
                        .bind(2, credential.passwordHash())
                        .execute();
                return true;
            } catch (JdbiException e) {
                if (!SqlFailures.isDuplicateKey(e)) {
                    throw e;
                }
                handle.rollback();
                return false;
            }
        });
    }

    @Override
    public void deleteCredential(UnitId unit) {
        Jdbc.withHandle(database, "delete the relay credential of unit " + unit, handle -> handle
                .createUpdate("DELETE FROM relay_credentials WHERE unit_id = ?")
                .bind(0, unit.value())
                .execute());
    }

    private Optional<RelayCredential> find(String what, String condition, String value) {
        return Jdbc.withHandle(database, what, handle -> handle
                .createQuery(SELECT + condition)
                .bind(0, value)
                .map((rows, context) -> new RelayCredential(new UnitId(rows.getString("unit_id")),
                        rows.getString("username"), rows.getString("password_hash")))
                .findFirst());
    }
}
