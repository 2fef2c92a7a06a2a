package dev.storerelay.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One change an admin made (README, *Security*: every change is audited — who, when, which field; never a password's
 * value).
 *
 * @param unit   the unit changed, {@code null} for a change outside the unit tree (e.g. an admin user)
 * @param field  what changed, in the words of the page, e.g. "SMTP Server Address"
 * @param change what happened to it, e.g. "changed from smtp.a.example to smtp.b.example"; for a password only
 *               "set", "changed" or "cleared"
 */
public record AuditEntry(Instant at, String actor, UnitId unit, String field, String change) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(change, "change");
    }
}
