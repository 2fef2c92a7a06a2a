package dev.storerelay.adapter.web;

import dev.storerelay.application.service.CredentialChecks;
import dev.storerelay.application.service.AuditTrail;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryUnitRouting;
import dev.storerelay.application.testing.InMemoryAdminUsers;
import dev.storerelay.application.testing.InMemoryRelayCredentials;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.storerelay.application.testing.InMemoryRateLimits;
import dev.storerelay.application.testing.InMemoryRefusedSubmissions;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.in.RefusedSubmissionLogUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.application.service.AdminUserService;
import dev.storerelay.application.service.MessageLogService;
import dev.storerelay.application.service.OrgUnitService;
import dev.storerelay.application.service.PasswordHashing;
import dev.storerelay.application.service.RateLimitService;
import dev.storerelay.application.service.RefusedSubmissionsService;
import dev.storerelay.application.service.RelayCredentialService;
import dev.storerelay.application.service.ResolveStoreSettingsService;
import dev.storerelay.application.service.SignInForRefreshTokenService;
import dev.storerelay.application.service.UpdateRoutingService;
import dev.storerelay.application.service.UpdateUnitSettingsService;
import dev.storerelay.domain.model.EmailAddress;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebModuleTest {

    @Test
    void providesOneUnstartedServerFromTheBoundUseCases() {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new WebModule(), new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                binder().disableCircularProxies();
                InMemoryUnitSettings unitSettings = new InMemoryUnitSettings();
                InMemoryOrgUnits units = new InMemoryOrgUnits(unitSettings);
                InMemoryMessageQueue messages = new InMemoryMessageQueue();
                CountingDeliverySignal signal = new CountingDeliverySignal();
                Clock clock = Clock.systemUTC();
                bind(WebConfig.class).toInstance(new WebConfig("127.0.0.1", 0, false, WebConfig.BUILT_IN_DEFAULT_SENDER));
                bind(Clock.class).toInstance(clock);
                bind(ManageOrgUnitsUseCase.class).toInstance(new OrgUnitService(units, units, messages, signal, clock, AuditTrail.NONE, (delay, task) -> { }));
                bind(UpdateUnitSettingsUseCase.class).toInstance(
                        new UpdateUnitSettingsService(units, unitSettings, messages, messages, signal, clock, AuditTrail.NONE, (delay, task) -> { }));
                bind(ResolveStoreSettingsUseCase.class).toInstance(
                        new ResolveStoreSettingsService(units, unitSettings, new EmailAddress("no-reply@localhost")));
                bind(MessageLogUseCase.class).toInstance(new MessageLogService(units, messages, messages, signal, clock, AuditTrail.NONE));
                bind(AuthenticateAdminUseCase.class).toInstance(new AdminUserService(new InMemoryAdminUsers(),
                        new PasswordHashing(new SecureRandom(), 1000), new SecureRandom(), Clock.systemUTC(), AuditTrail.NONE, CredentialChecks.DEFAULT));
                bind(UpdateRoutingUseCase.class).toInstance(new UpdateRoutingService(units, new InMemoryUnitRouting(), AuditTrail.NONE));
                bind(ManageRelayCredentialsUseCase.class).toInstance(new RelayCredentialService(units,
                        new InMemoryRelayCredentials(), new PasswordHashing(new SecureRandom(), 1000), new SecureRandom(), clock, AuditTrail.NONE, CredentialChecks.DEFAULT));
                bind(ManageRateLimitsUseCase.class).toInstance(new RateLimitService(units, new InMemoryRateLimits()));
                bind(TestSmtpConnectionUseCase.class).toInstance(new FakeSmtpTester());
                bind(dev.storerelay.application.port.in.ManageAdminUsersUseCase.class).toInstance(new AdminUserService(
                        new InMemoryAdminUsers(), new dev.storerelay.application.service.PasswordHashing(new java.security.SecureRandom(), 1000),
                        new java.security.SecureRandom(), Clock.systemUTC(), AuditTrail.NONE, CredentialChecks.DEFAULT));
                bind(dev.storerelay.application.port.in.AuditLogUseCase.class).toInstance(
                        new dev.storerelay.application.service.AuditTrail(new InMemoryAuditLog(), java.util.Optional::empty, clock));
                bind(SignInForRefreshTokenUseCase.class).toInstance(new SignInForRefreshTokenService(
                        new UpdateUnitSettingsService(units, unitSettings, messages, messages, signal, clock, AuditTrail.NONE, (delay, task) -> { }), new FakeAuthorizationCodeFlow(), clock));
                bind(dev.storerelay.application.port.in.BulkUnitsUseCase.class).toInstance(
                        new dev.storerelay.application.service.BulkUnitsService(units,
                                new OrgUnitService(units, units, messages, signal, clock, AuditTrail.NONE, (delay, task) -> { }),
                                new UpdateUnitSettingsService(units, unitSettings, messages, messages, signal, clock, AuditTrail.NONE, (delay, task) -> { }),
                                new UpdateRoutingService(units, new InMemoryUnitRouting(), AuditTrail.NONE),
                                new RateLimitService(units, new InMemoryRateLimits()), java.util.function.Supplier::get));
                bind(RefusedSubmissionLogUseCase.class).toInstance(
                        new RefusedSubmissionsService(new InMemoryRefusedSubmissions(), 1_000));
                bind(dev.storerelay.application.port.in.StoresOverviewUseCase.class).toInstance(
                        new dev.storerelay.application.service.StoresOverviewService(units,
                                new InMemoryStoresOverview(units, unitSettings), messages, signal, clock));
            }
        });

        WebServer server = injector.getInstance(WebServer.class);

        assertThat(injector.getInstance(WebServer.class)).isSameAs(server);
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);   // constructed, not bound
    }

    @Test
    void webConfigRefusesImpossiblePorts() {
        assertThatThrownBy(() -> new WebConfig("127.0.0.1", -1, false, WebConfig.BUILT_IN_DEFAULT_SENDER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebConfig("127.0.0.1", 65536, false, WebConfig.BUILT_IN_DEFAULT_SENDER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebConfig(" ", 8080, false, WebConfig.BUILT_IN_DEFAULT_SENDER)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new WebConfig("127.0.0.1", 0, false, WebConfig.BUILT_IN_DEFAULT_SENDER).port()).isZero();
    }
}
