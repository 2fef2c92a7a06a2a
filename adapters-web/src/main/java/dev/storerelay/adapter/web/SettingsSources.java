package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.UnitId;

/**
 * Where the values of a unit's SMTP Server screen come from, as sentences: the connection block (address, port,
 * login, password, encryption) is inherited whole, the outgoing address on its own (README, *Admin page*).
 */
record SettingsSources(String connection, String sender) {

    static SettingsSources of(UnitId unit, ResolvedSettings resolved) {
        String connection = resolved.settings().effectiveConnection()
                .map(c -> describe(unit, c.source()))
                .orElse("Not set on this unit or any unit above it: this unit cannot send, its mail is held.");
        return new SettingsSources(connection, describe(unit, resolved.settings().outgoingEmailAddress().source()));
    }

    static String describe(UnitId unit, Provenance source) {
        if (source instanceof Provenance.FromUnit from) {
            return from.unitId().equals(unit) ? "Set on this unit."
                    : "Inherited from " + from.unitName() + " (" + from.unitId() + ").";
        }
        return "Not set: the system default sender is used.";
    }
}
