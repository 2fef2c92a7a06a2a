package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.BulkUnitsUseCase;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;

import java.util.Objects;

/**
 * What the admin sets up on the organizational units: the units themselves, their SMTP settings and the tests and
 * sign-ins for them, routing, relay credentials, limits, and all of it at once as a file.
 */
public record UnitUseCases(ManageOrgUnitsUseCase units, UpdateUnitSettingsUseCase settings,
                           ResolveStoreSettingsUseCase resolver, TestSmtpConnectionUseCase tester,
                           SignInForRefreshTokenUseCase refreshTokenSignIn, UpdateRoutingUseCase routing,
                           ManageRelayCredentialsUseCase relayCredentials, ManageRateLimitsUseCase rateLimits,
                           BulkUnitsUseCase bulk) {
    public UnitUseCases {
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(tester, "tester");
        Objects.requireNonNull(refreshTokenSignIn, "refreshTokenSignIn");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(relayCredentials, "relayCredentials");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(bulk, "bulk");
    }
}
