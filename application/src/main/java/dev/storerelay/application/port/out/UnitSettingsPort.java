package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;

/**
 * Stores each unit's own SMTP settings. Implementations keep the password encrypted at rest and never log it;
 * {@link #loadSettings} returns it decrypted because delivery needs it.
 */
public interface UnitSettingsPort {

    /** The unit's own settings; {@link UnitSettings#INHERIT_ALL} when it sets nothing (or does not exist). */
    UnitSettings loadSettings(UnitId unit);

    /** Replaces the unit's own settings; the unit exists. {@link UnitSettings#INHERIT_ALL} removes them. */
    void saveSettings(UnitId unit, UnitSettings settings);
}
