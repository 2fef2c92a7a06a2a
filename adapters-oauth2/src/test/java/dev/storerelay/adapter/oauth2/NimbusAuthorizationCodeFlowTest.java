package dev.storerelay.adapter.oauth2;

import dev.storerelay.application.port.out.AuthorizationCodeFlowPort.Start;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each provider needs in the sign-in request to issue a refresh token; no request is made. */
class NimbusAuthorizationCodeFlowTest {
    private static final URI REDIRECT = URI.create("https://relay.example/admin/oauth2/callback");
    private static final String TENANT = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

    private final NimbusAuthorizationCodeFlow flow = new NimbusAuthorizationCodeFlow(
            new TokenEndpoint(new OAuth2ClientConfig(jdkTrust()), new SimpleMeterRegistry()), Clock.systemUTC());

    @Test
    void microsoftIsAskedForOfflineAccessAtTheTenantsEndpoint() {
        Start start = flow.start(new OAuth2Settings(OAuth2Provider.MICROSOFT_365, OAuth2Grant.REFRESH_TOKEN, TENANT, "app",
                new Secret("s"), null, null, null, null, null, null, null), REDIRECT, null);

        assertThat(start.authorizationUrl().toString())
                .startsWith("https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/authorize?");
        Map<String, String> asked = AuthorizationServer.form(start.authorizationUrl().getRawQuery());
        assertThat(List.of(asked.get("scope").split(" "))).containsExactlyInAnyOrder(
                "https://outlook.office.com/SMTP.Send", "offline_access", "openid", "email");
        assertThat(asked).doesNotContainKeys("access_type", "prompt", "login_hint");
    }

    @Test
    void googleIsAskedForOfflineAccessWithConsentEveryTime() {
        Start start = flow.start(new OAuth2Settings(OAuth2Provider.GOOGLE, OAuth2Grant.REFRESH_TOKEN, null, "1234.apps",
                new Secret("s"), null, null, null, null, null, null, null), REDIRECT, "store12@example.net");

        assertThat(start.authorizationUrl().toString()).startsWith("https://accounts.google.com/o/oauth2/v2/auth?");
        Map<String, String> asked = AuthorizationServer.form(start.authorizationUrl().getRawQuery());
        assertThat(asked).containsEntry("access_type", "offline").containsEntry("prompt", "consent")
                .containsEntry("login_hint", "store12@example.net");
        assertThat(List.of(asked.get("scope").split(" "))).containsExactlyInAnyOrder("https://mail.google.com/", "openid", "email");
    }

    @Test
    void eachSignInHasItsOwnStateAndVerifier() {
        OAuth2Settings settings = new OAuth2Settings(OAuth2Provider.GOOGLE, OAuth2Grant.REFRESH_TOKEN, null, "1234.apps",
                null, null, null, null, null, null, null, null);
        Start one = flow.start(settings, REDIRECT, null);
        Start two = flow.start(settings, REDIRECT, null);

        assertThat(one.state()).isNotEqualTo(two.state()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(one.codeVerifier()).isNotEqualTo(two.codeVerifier());
        assertThat(one.codeVerifier().reveal()).hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    void onlyARefreshTokenGrantWithASignInPageCanStart() {
        assertThatThrownBy(() -> flow.start(new OAuth2Settings(OAuth2Provider.GOOGLE, OAuth2Grant.CLIENT_CREDENTIALS, null, "app",
                new Secret("s"), null, null, null, null, null, null, null), REDIRECT, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> flow.start(new OAuth2Settings(OAuth2Provider.GENERIC, OAuth2Grant.REFRESH_TOKEN, null, "app",
                null, null, null, null, "https://login.example.net/token", null, "smtp", null), REDIRECT, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authorization endpoint");
    }

    private static X509TrustManager jdkTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
