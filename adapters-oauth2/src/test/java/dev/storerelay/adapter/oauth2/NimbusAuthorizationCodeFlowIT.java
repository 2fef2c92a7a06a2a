package dev.storerelay.adapter.oauth2;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.storerelay.adapter.oauth2.AuthorizationServer.Request;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort.AuthorizationCodeFlowException;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort.Result;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort.Start;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "Sign in with …" against a real authorization server on loopback that approves at once, the browser played by a client. */
class NimbusAuthorizationCodeFlowIT {
    private static final URI REDIRECT = URI.create("https://relay.example/admin/oauth2/callback");
    private static final String MAILBOX = "store12@example.net";

    private AuthorizationServer server;
    private NimbusAuthorizationCodeFlow flow;
    private OAuth2Settings settings;

    @BeforeEach
    void start() {
        server = AuthorizationServer.builder().claim("email", MAILBOX).start();
        OAuth2ClientConfig config = new OAuth2ClientConfig(server.trust());
        flow = new NimbusAuthorizationCodeFlow(new TokenEndpoint(config, new SimpleMeterRegistry()), Clock.systemUTC());
        settings = new OAuth2Settings(OAuth2Provider.GENERIC, OAuth2Grant.REFRESH_TOKEN, null, "relay-admin-page", null, null,
                null, null, server.tokenEndpoint().toString(), server.authorizationEndpoint().toString(), "smtp.send", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSignInGivesARefreshTokenAndTheAccountItBelongsTo() throws Exception {
        Start start = flow.start(settings, REDIRECT, MAILBOX);

        Map<String, String> asked = AuthorizationServer.form(start.authorizationUrl().getRawQuery());
        assertThat(start.authorizationUrl().toString()).startsWith(server.authorizationEndpoint() + "?");
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", "relay-admin-page")
                .containsEntry("redirect_uri", REDIRECT.toString()).containsEntry("state", start.state())
                .containsEntry("login_hint", MAILBOX).containsEntry("code_challenge_method", "S256")
                .containsEntry("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256,
                        new CodeVerifier(start.codeVerifier().reveal())).getValue());
        assertThat(List.of(asked.get("scope").split(" "))).containsExactlyInAnyOrder("smtp.send", "openid", "email");
        Map<String, String> redirect = signIn(start);
        assertThat(redirect).containsEntry("state", start.state());

        Result result = flow.finish(settings, REDIRECT, redirect.get("code"), start.codeVerifier());

        assertThat(result.refreshToken().reveal()).isNotBlank();
        assertThat(result.account()).contains(MAILBOX);
        List<Request> requests = server.takeRequests();
        Request token = requests.get(requests.size() - 1);
        assertThat(token.grantType()).isEqualTo("authorization_code");
        assertThat(token.clientAuthentication()).isEqualTo("none");
        assertThat(token.form()).containsEntry("code", redirect.get("code")).containsEntry("client_id", "relay-admin-page")
                .containsEntry("redirect_uri", REDIRECT.toString()).containsEntry("code_verifier", start.codeVerifier().reveal());
    }

    @Test
    void aCodeWithTheWrongVerifierIsRefusedWithTheEndpointsError() throws Exception {
        Start start = flow.start(settings, REDIRECT, null);
        Map<String, String> redirect = signIn(start);

        assertThatThrownBy(() -> flow.finish(settings, REDIRECT, redirect.get("code"), new Secret(new CodeVerifier().getValue())))
                .isInstanceOf(AuthorizationCodeFlowException.class)
                .hasMessageStartingWith("OAuth 2.0 token refused by localhost:" + server.port() + ": invalid_grant")
                .satisfies(e -> assertThat(((AuthorizationCodeFlowException) e).error()).contains("invalid_grant"));
    }

    /** The browser's part: follows the authorization URL and reads the redirect back (the server approves at once). */
    private Map<String, String> signIn(Start start) throws Exception {
        HttpClient browser = HttpClient.newBuilder().sslContext(server.clientContext())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Void> response = browser.send(HttpRequest.newBuilder(start.authorizationUrl()).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(REDIRECT + "?");
        return AuthorizationServer.form(location.getRawQuery());
    }
}
