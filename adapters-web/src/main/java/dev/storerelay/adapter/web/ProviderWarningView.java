package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.policy.ProviderServers;
import gg.jte.Content;

/**
 * The SMTP Server screen's warning when the unit's effective server is Microsoft's or Google's and it logs in with a
 * password (issue #20): the effective one, because a store that inherits such a server stops sending just the same.
 */
final class ProviderWarningView {
    private ProviderWarningView() {
    }

    /** The warning and, when the connection is inherited, the unit to change it on ({@code null} otherwise). */
    record Warning(String text, String inheritedFrom) {
    }

    /** The warning block ({@code providerWarning.jte}), or nothing. */
    static Content warning(UnitId unit, ResolvedSettings resolved) {
        Sourced<SmtpConnection> connection = resolved.settings().effectiveConnection().orElse(null);
        Warning warning = connection == null ? null : ProviderServers.passwordLoginWarning(connection.value())
                .map(text -> new Warning(text, connection.source() instanceof Provenance.FromUnit from
                        && !from.unitId().equals(unit) ? from.unitName() + " (" + from.unitId() + ")" : null))
                .orElse(null);
        return Templates.content("providerWarning.jte", Templates.params("warning", warning));
    }
}
