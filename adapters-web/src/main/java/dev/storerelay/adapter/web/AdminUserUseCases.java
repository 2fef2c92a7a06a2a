package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AuditLogUseCase;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.ManageAdminUsersUseCase;

import java.util.Objects;

/** The admin users: who signs in, who may do what, and the audit trail of what they changed. */
public record AdminUserUseCases(AuthenticateAdminUseCase authentication, ManageAdminUsersUseCase users,
                                AuditLogUseCase auditLog) {
    public AdminUserUseCases {
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(auditLog, "auditLog");
    }
}
