package dev.storerelay.adapter.web;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;

/**
 * Provides the admin {@link WebServer}. Expects {@link WebConfig} and the use cases to be bound by bootstrap;
 * builds the server only (the lifecycle starts and stops it).
 */
public final class WebModule extends AbstractModule {

    @Provides
    @Singleton
    WebServer webServer(WebConfig config, ManageOrgUnitsUseCase units, UpdateUnitSettingsUseCase settings,
                        ResolveStoreSettingsUseCase resolver, MessageLogUseCase messages,
                        AuthenticateAdminUseCase authentication, UpdateRoutingUseCase routing,
                        ManageRelayCredentialsUseCase relayCredentials, ManageRateLimitsUseCase rateLimits,
                        TestSmtpConnectionUseCase tester) {
        return new WebServer(config, units, settings, resolver, messages, authentication, routing, relayCredentials,
                rateLimits, tester);
    }
}
