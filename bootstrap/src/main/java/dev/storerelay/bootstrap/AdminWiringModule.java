package dev.storerelay.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.application.port.in.AuditLogUseCase;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.BulkUnitsUseCase;
import dev.storerelay.application.port.in.ManageAdminUsersUseCase;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase;
import dev.storerelay.application.port.in.StoresOverviewUseCase;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.application.port.out.ActingUserPort;
import dev.storerelay.application.port.out.AdminUsersPort;
import dev.storerelay.application.port.out.AuditLogPort;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.LoadStoresOverviewPort;
import dev.storerelay.application.port.out.HeldMailPort;
import dev.storerelay.application.port.out.MessageActionsPort;
import dev.storerelay.application.port.out.RetryDeferredMailPort;
import dev.storerelay.application.port.out.RunLaterPort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.application.port.out.SmtpProbePort;
import dev.storerelay.application.port.out.TransactionPort;
import dev.storerelay.application.port.out.UnitRateLimitsPort;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.application.service.AdminUserService;
import dev.storerelay.application.service.AuditTrail;
import dev.storerelay.application.service.BulkUnitsService;
import dev.storerelay.application.service.MessageLogService;
import dev.storerelay.application.service.OrgUnitService;
import dev.storerelay.application.service.CredentialChecks;
import dev.storerelay.application.service.PasswordHashing;
import dev.storerelay.application.service.RateLimitService;
import dev.storerelay.application.service.ResolveStoreSettingsService;
import dev.storerelay.application.service.SignInForRefreshTokenService;
import dev.storerelay.application.service.StoresOverviewService;
import dev.storerelay.application.service.TestSmtpConnectionService;
import dev.storerelay.application.service.UpdateRoutingService;
import dev.storerelay.application.service.UpdateUnitSettingsService;

import java.security.SecureRandom;
import java.time.Clock;

/** The services of the admin page and JSON API: units and their settings, routing, limits, the logs and the admin users. */
final class AdminWiringModule extends AbstractModule {
    @Provides
    @Singleton
    ManageOrgUnitsUseCase manageOrgUnits(LoadOrgTreePort tree, SaveOrgUnitPort units, HeldMailPort queue,
                                         DeliverySignalPort signal, Clock clock, AuditTrail audit, RunLaterPort later) {
        return new OrgUnitService(tree, units, queue, signal, clock, audit, later);
    }

    @Provides
    @Singleton
    ResolveStoreSettingsUseCase resolveStoreSettings(LoadOrgTreePort tree, UnitSettingsPort settings,
                                                     AppConfig config) {
        return new ResolveStoreSettingsService(tree, settings, config.identity().defaultSender());
    }

    @Provides
    @Singleton
    UpdateUnitSettingsUseCase updateUnitSettings(LoadOrgTreePort tree, UnitSettingsPort settings, HeldMailPort heldMail,
                                                 RetryDeferredMailPort deferredMail, DeliverySignalPort signal,
                                                 Clock clock, AuditTrail audit, RunLaterPort later) {
        return new UpdateUnitSettingsService(tree, settings, heldMail, deferredMail, signal, clock, audit, later);
    }

    /** One instance: it keeps the sign-ins in progress between the admin's start and the provider's redirect back. */
    @Provides
    @Singleton
    SignInForRefreshTokenUseCase signInForRefreshToken(UpdateUnitSettingsUseCase settings, AuthorizationCodeFlowPort flow,
                                                       Clock clock) {
        return new SignInForRefreshTokenService(settings, flow, clock);
    }

    @Provides
    @Singleton
    TestSmtpConnectionUseCase testSmtpConnection(ResolveStoreSettingsUseCase resolver, SmtpProbePort probe) {
        return new TestSmtpConnectionService(resolver, probe);
    }

    @Provides
    @Singleton
    UpdateRoutingUseCase updateRouting(LoadOrgTreePort tree, UnitRoutingPort routing, AuditTrail audit) {
        return new UpdateRoutingService(tree, routing, audit);
    }

    @Provides
    @Singleton
    ManageRateLimitsUseCase manageRateLimits(LoadOrgTreePort tree, UnitRateLimitsPort limits) {
        return new RateLimitService(tree, limits);
    }

    @Provides
    BulkUnitsUseCase bulkUnits(LoadOrgTreePort tree, ManageOrgUnitsUseCase units, UpdateUnitSettingsUseCase settings,
                               UpdateRoutingUseCase routing, ManageRateLimitsUseCase limits, TransactionPort transactions) {
        return new BulkUnitsService(tree, units, settings, routing, limits, transactions);
    }

    @Provides
    @Singleton
    MessageLogUseCase messageLog(LoadOrgTreePort tree, LoadMessageLogPort log, MessageActionsPort queue,
                                 DeliverySignalPort signal, Clock clock, AuditTrail audit) {
        return new MessageLogService(tree, log, queue, signal, clock, audit);
    }

    @Provides
    @Singleton
    StoresOverviewUseCase storesOverview(LoadOrgTreePort tree, LoadStoresOverviewPort overview, RetryDeferredMailPort queue,
                                         DeliverySignalPort signal, Clock clock) {
        return new StoresOverviewService(tree, overview, queue, signal, clock);
    }

    /** Who changed what: written by the services that change configuration, read by the admin. */
    @Provides
    @Singleton
    AuditTrail auditTrail(AuditLogPort log, ActingUserPort actingUser, Clock clock) {
        return new AuditTrail(log, actingUser, clock);
    }

    @Provides
    AuditLogUseCase auditLog(AuditTrail trail) {
        return trail;
    }

    /** One instance serves both ports: its cache of verified sign-ins must see every change of the users. */
    @Provides
    @Singleton
    AdminUserService adminUsers(AdminUsersPort users, PasswordHashing hashing, SecureRandom random, Clock clock,
                                AuditTrail audit) {
        return new AdminUserService(users, hashing, random, clock, audit, CredentialChecks.DEFAULT);
    }

    @Provides
    AuthenticateAdminUseCase authenticateAdmin(AdminUserService service) {
        return service;
    }

    @Provides
    ManageAdminUsersUseCase manageAdminUsers(AdminUserService service) {
        return service;
    }
}
