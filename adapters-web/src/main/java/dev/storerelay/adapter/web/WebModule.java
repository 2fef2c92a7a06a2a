package dev.storerelay.adapter.web;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.application.port.in.AuditLogUseCase;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.BulkUnitsUseCase;
import dev.storerelay.application.port.in.ManageAdminUsersUseCase;
import dev.storerelay.application.port.out.ActingUserPort;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.in.RefusedSubmissionLogUseCase;
import dev.storerelay.application.port.in.StoresOverviewUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;

import java.time.Clock;

/**
 * Provides the admin {@link WebServer}. Expects {@link WebConfig}, the {@link Clock} and the use cases to be bound by
 * bootstrap; builds the server only (the lifecycle starts and stops it).
 */
public final class WebModule extends AbstractModule {

    @Provides
    @Singleton
    WebServer webServer(WebConfig config, UnitUseCases units, MailUseCases mail, AdminUserUseCases admins,
                        RequestActingUser actingUser, Clock clock) {
        return new WebServer(config, units, mail, admins, actingUser, clock);
    }

    @Provides
    UnitUseCases unitUseCases(ManageOrgUnitsUseCase units, UpdateUnitSettingsUseCase settings,
                              ResolveStoreSettingsUseCase resolver, TestSmtpConnectionUseCase tester,
                              SignInForRefreshTokenUseCase refreshTokenSignIn, UpdateRoutingUseCase routing,
                              ManageRelayCredentialsUseCase relayCredentials, ManageRateLimitsUseCase rateLimits,
                              BulkUnitsUseCase bulk) {
        return new UnitUseCases(units, settings, resolver, tester, refreshTokenSignIn, routing, relayCredentials,
                rateLimits, bulk);
    }

    @Provides
    MailUseCases mailUseCases(MessageLogUseCase messages, RefusedSubmissionLogUseCase refused,
                              StoresOverviewUseCase storesOverview) {
        return new MailUseCases(messages, refused, storesOverview);
    }

    @Provides
    AdminUserUseCases adminUserUseCases(AuthenticateAdminUseCase authentication, ManageAdminUsersUseCase users,
                                        AuditLogUseCase auditLog) {
        return new AdminUserUseCases(authentication, users, auditLog);
    }

    /** The signed-in admin of the request being served, for the application's audit trail. */
    @Provides
    @Singleton
    RequestActingUser requestActingUser() {
        return new RequestActingUser();
    }

    @Provides
    ActingUserPort actingUser(RequestActingUser actingUser) {
        return actingUser;
    }
}
