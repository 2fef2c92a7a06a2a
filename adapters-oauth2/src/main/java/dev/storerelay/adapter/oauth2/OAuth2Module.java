package dev.storerelay.adapter.oauth2;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort;
import dev.storerelay.application.port.out.RefreshTokenRotationPort;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/**
 * The OAuth 2.0 token client: {@link AccessTokenPort} for XOAUTH2 logins upstream and {@link AuthorizationCodeFlowPort}
 * for the admin's sign-in. Expects {@link OAuth2ClientConfig}, a {@link Clock}, a {@link RefreshTokenRotationPort} and
 * the {@link MeterRegistry} token requests are counted in to be bound. It owns no thread and starts nothing: requests
 * run on their callers' threads.
 */
public final class OAuth2Module extends AbstractModule {

    @Provides
    @Singleton
    TokenEndpoint tokenEndpoint(OAuth2ClientConfig config, MeterRegistry meters) {
        return new TokenEndpoint(config, meters);
    }

    /** One instance: its cache is what makes one token serve every delivery of an identity. */
    @Provides
    @Singleton
    AccessTokenPort accessTokens(OAuth2ClientConfig config, TokenEndpoint endpoint, RefreshTokenRotationPort rotation, Clock clock) {
        return new NimbusTokenClient(config, endpoint, rotation, clock);
    }

    @Provides
    @Singleton
    AuthorizationCodeFlowPort authorizationCodeFlow(TokenEndpoint endpoint, Clock clock) {
        return new NimbusAuthorizationCodeFlow(endpoint, clock);
    }
}
