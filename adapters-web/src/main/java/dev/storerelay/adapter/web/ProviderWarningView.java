package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.policy.ProviderServers;

/**
 * The SMTP Server screen's warning when the unit's effective server is Microsoft's or Google's and it logs in with a
 * password (issue #20): the effective one, because a store that inherits such a server stops sending just the same.
 */
final class ProviderWarningView {
    private ProviderWarningView() {
    }

    /** The warning block, or nothing. */
    static Html warning(UnitId unit, ResolvedSettings resolved) {
        Html h = new Html();
        Sourced<SmtpConnection> connection = resolved.settings().effectiveConnection().orElse(null);
        if (connection == null) {
            return h;
        }
        ProviderServers.passwordLoginWarning(connection.value()).ifPresent(warning -> {
            h.open("div", "class", "notice warning", "id", "provider-warning", "role", "note").el("p", warning);
            if (connection.source() instanceof Provenance.FromUnit from && !from.unitId().equals(unit)) {
                h.el("p", "This unit inherits the connection from " + from.unitName() + " (" + from.unitId()
                        + "): change it there.");
            }
            h.close("div");
        });
        return h;
    }
}
