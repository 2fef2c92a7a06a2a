package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.RefreshTokenRotationPort;
import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each unit's own SMTP settings in table {@code unit_settings}; the secrets are stored encrypted
 * ({@link UnitSettingsRow}). Delivery resolves a store's settings for every message, so each unit's row is reused
 * while the configuration is unchanged (see {@link RecentSnapshot}).
 */
final class JdbcUnitSettingsAdapter implements UnitSettingsPort, RefreshTokenRotationPort {
    private final Database database;
    private final Duration snapshotMaxAge;
    private final Map<UnitId, RecentSnapshot<UnitSettings>> recent = new ConcurrentHashMap<>();

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
        return Jdbc.withHandle(database, "load the SMTP settings of unit " + unit, handle -> handle
                .createQuery("SELECT " + UnitSettingsRow.COLUMNS + " FROM unit_settings WHERE unit_id = ?")
                .bind(0, unit.value())
                .map((rows, context) -> UnitSettingsRow.read(unit, rows, database.cipher()))
                .findFirst()
                .orElse(UnitSettings.INHERIT_ALL));
    }

    @Override
    public void saveSettings(UnitId unit, UnitSettings settings) {
        if (settings.isEmpty()) {
            snapshotOf(unit).change(database, "clear the SMTP settings of unit " + unit, handle -> handle
                    .createUpdate("DELETE FROM unit_settings WHERE unit_id = ?")
                    .bind(0, unit.value())
                    .execute());
            return;
        }
        // Encrypted before the transaction: no key work while rows are locked.
        UnitSettingsRow row = UnitSettingsRow.of(unit, settings, database.cipher());
        snapshotOf(unit).change(database, "save the SMTP settings of unit " + unit, handle -> {
            try (PreparedStatement upsert = handle.getConnection().prepareStatement(UnitSettingsRow.UPSERT)) {
                row.bind(upsert);
                return upsert.executeUpdate();
            }
        });
    }

    /**
     * Reads the unit's row under a lock, and writes the new refresh token only if the stored one is still
     * {@code previous}: an admin who signed in again meanwhile wins over a rotation that started before.
     */
    @Override
    public boolean rotated(UnitId unit, Secret previous, Secret next) {
        return snapshotOf(unit).change(database, "store the rotated refresh token of unit " + unit, handle -> {
            OAuth2Settings oauth2 = handle
                    .createQuery("SELECT " + UnitSettingsRow.COLUMNS + " FROM unit_settings WHERE unit_id = ? FOR UPDATE")
                    .bind(0, unit.value())
                    .map((rows, context) -> UnitSettingsRow.read(unit, rows, database.cipher()))
                    .findFirst()
                    .map(UnitSettings::connection)
                    .map(SmtpConnection::oauth2)
                    .orElse(null);
            if (oauth2 == null || !previous.equals(oauth2.refreshToken())) {
                return false;
            }
            handle.createUpdate("UPDATE unit_settings SET oauth2_refresh_token_ciphertext = ? WHERE unit_id = ?")
                    .bind(0, database.cipher().encrypt(unit, UnitSettingsRow.REFRESH_TOKEN, next))
                    .bind(1, unit.value())
                    .execute();
            return true;
        });
    }
}
