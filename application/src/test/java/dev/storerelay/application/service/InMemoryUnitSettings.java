package dev.storerelay.application.service;

import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import java.util.HashMap;
import java.util.Map;

/** Map-backed own settings of each unit. */
final class InMemoryUnitSettings implements UnitSettingsPort {
    private final Map<UnitId, UnitSettings> settings = new HashMap<>();
    int writes;

    @Override
    public UnitSettings loadSettings(UnitId unit) {
        return settings.getOrDefault(unit, UnitSettings.INHERIT_ALL);
    }

    @Override
    public void saveSettings(UnitId unit, UnitSettings unitSettings) {
        writes++;
        if (unitSettings.isEmpty()) {
            settings.remove(unit);
        } else {
            settings.put(unit, unitSettings);
        }
    }

    /** Test set-up without counting a write. */
    InMemoryUnitSettings with(String unit, UnitSettings unitSettings) {
        settings.put(UnitId.of(unit), unitSettings);
        return this;
    }

    void remove(UnitId unit) {
        settings.remove(unit);
    }
}
