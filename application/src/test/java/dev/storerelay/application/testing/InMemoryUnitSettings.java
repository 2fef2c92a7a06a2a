package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;

import java.util.HashMap;
import java.util.Map;

/** Each unit's own settings in a map, counting writes for tests that check what a service avoided. */
public final class InMemoryUnitSettings implements UnitSettingsPort {
    private final Map<UnitId, UnitSettings> settings = new HashMap<>();
    private int writes;

    @Override
    public synchronized UnitSettings loadSettings(UnitId unit) {
        return settings.getOrDefault(unit, UnitSettings.INHERIT_ALL);
    }

    @Override
    public synchronized void saveSettings(UnitId unit, UnitSettings unitSettings) {
        writes++;
        if (unitSettings.isEmpty()) {
            settings.remove(unit);
        } else {
            settings.put(unit, unitSettings);
        }
    }

    /** Test set-up without counting a write. */
    public synchronized InMemoryUnitSettings with(String unit, UnitSettings unitSettings) {
        settings.put(UnitId.of(unit), unitSettings);
        return this;
    }

    /** What removing the unit does to its settings. */
    synchronized void remove(UnitId unit) {
        settings.remove(unit);
    }

    public synchronized int writes() {
        return writes;
    }
}
