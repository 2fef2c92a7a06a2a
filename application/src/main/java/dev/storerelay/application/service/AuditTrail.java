package dev.storerelay.application.service;

import dev.storerelay.application.port.in.AuditLogUseCase;
import dev.storerelay.application.port.out.ActingUserPort;
import dev.storerelay.application.port.out.AuditLogPort;
import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.policy.SettingsChanges.FieldChange;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** Writes who changed what, for the services that change configuration, and reads it back for the admin. */
public final class AuditTrail implements AuditLogUseCase {
    /** For services built without an audit trail (tests of other concerns). */
    public static final AuditTrail NONE = new AuditTrail(null, null, Clock.systemUTC());
    /** The actor of a change no signed-in admin made. */
    static final String SYSTEM = "system";

    private final AuditLogPort log;
    private final ActingUserPort actingUser;
    private final Clock clock;

    public AuditTrail(AuditLogPort log, ActingUserPort actingUser, Clock clock) {
        this.log = log;
        this.actingUser = actingUser;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records the changes of one unit ({@code null}: of no unit) by the acting user. */
    void record(UnitId unit, List<FieldChange> changes) {
        if (log == null || changes.isEmpty()) {
            return;
        }
        record(unit, changes, actingUser.actingUser().orElse(SYSTEM));
    }

    /**
     * Records the changes as made by {@code actor}: for a change that completes what a signed-in admin began, on a
     * request that carries no session of its own (the redirect back from an OAuth 2.0 sign-in).
     */
    void record(UnitId unit, List<FieldChange> changes, String actor) {
        if (log == null || changes.isEmpty()) {
            return;
        }
        Objects.requireNonNull(actor, "actor");
        var at = clock.instant();
        log.append(changes.stream().map(c -> new AuditEntry(at, actor, unit, c.field(), c.change())).toList());
    }

    void record(UnitId unit, String field, String change) {
        record(unit, List.of(new FieldChange(field, change)));
    }

    @Override
    public List<AuditEntry> entries(UnitId unit, int limit, int offset) {
        return log == null ? List.of() : log.find(unit, limit, offset);
    }
}
