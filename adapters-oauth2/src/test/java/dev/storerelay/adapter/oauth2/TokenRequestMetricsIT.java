package dev.storerelay.adapter.oauth2;

import dev.storerelay.application.port.out.AccessTokenPort.AccessTokenUnavailableException;
import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamLogin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token requests are counted by result, from zero, against a real authorization server on loopback. */
class TokenRequestMetricsIT {
    private static final String SECRET = "the-client-secret-0123456789";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private AuthorizationServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eachRequestIsCountedAsSuccessRefusedOrUnreachable() throws Exception {
        server = AuthorizationServer.builder().clientSecret("relay", SECRET).start();
        OAuth2ClientConfig config = new OAuth2ClientConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), server.trust(),
                Duration.ofSeconds(5), Duration.ofMinutes(5));
        NimbusTokenClient client = new NimbusTokenClient(config, new TokenEndpoint(config, meters),
                (unit, previous, next) -> true, new MutableClock(Instant.now()));
        assertThat(requests("success")).isZero();
        assertThat(requests("refused")).isZero();
        assertThat(requests("unreachable")).isZero();

        client.accessToken(login(server.tokenEndpoint(), "relay", SECRET));
        client.accessToken(login(server.tokenEndpoint(), "relay", SECRET));
        assertThat(requests("success")).as("the second caller gets the cached token").isEqualTo(1);

        assertThatThrownBy(() -> client.accessToken(login(server.tokenEndpoint(), "relay", "a-wrong-secret")))
                .isInstanceOf(AccessTokenUnavailableException.class);
        assertThat(requests("refused")).isEqualTo(1);

        int closedPort = AuthorizationServer.closedPort();
        URI nowhere = URI.create("https://localhost:" + closedPort + "/" + AuthorizationServer.ISSUER + "/token");
        assertThatThrownBy(() -> client.accessToken(login(nowhere, "relay", SECRET)))
                .isInstanceOf(AccessTokenUnavailableException.class);
        assertThat(requests("unreachable")).isEqualTo(1);
        assertThat(meters.find(TokenEndpoint.REQUESTS).counters()).as("no endpoint, client or mailbox in a label")
                .extracting(c -> c.getId().getTags().toString()).allSatisfy(tags ->
                        assertThat(tags).doesNotContain("localhost", "relay", "example"));
    }

    private double requests(String result) {
        return meters.get(TokenEndpoint.REQUESTS).tag("result", result).counter().count();
    }

    private static UpstreamLogin.OAuth2 login(URI endpoint, String clientId, String secret) {
        return new UpstreamLogin.OAuth2("store12@example.net", new OAuth2Settings(OAuth2Provider.GENERIC,
                OAuth2Grant.CLIENT_CREDENTIALS, null, clientId, new Secret(secret), null, null, null, endpoint.toString(),
                null, "smtp.send", null), UnitId.of("north"));
    }
}
