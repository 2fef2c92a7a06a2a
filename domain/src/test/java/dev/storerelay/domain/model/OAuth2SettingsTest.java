package dev.storerelay.domain.model;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static dev.storerelay.domain.model.OAuth2Grant.CLIENT_CREDENTIALS;
import static dev.storerelay.domain.model.OAuth2Grant.JWT_BEARER;
import static dev.storerelay.domain.model.OAuth2Grant.REFRESH_TOKEN;
import static dev.storerelay.domain.model.OAuth2Provider.GENERIC;
import static dev.storerelay.domain.model.OAuth2Provider.GOOGLE;
import static dev.storerelay.domain.model.OAuth2Provider.MICROSOFT_365;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OAuth2SettingsTest {
    private static final Secret SECRET = new Secret("client-secret");
    private static final Secret KEY = new Secret("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----");
    private static final String CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    private static final Secret SERVICE_ACCOUNT = new Secret("{\"type\":\"service_account\"}");
    private static final String TENANT = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

    @Test
    void microsoftPresetsNameTheTenantsEndpointsAndTheOutlookScope() {
        OAuth2Settings settings = new OAuth2Settings(MICROSOFT_365, CLIENT_CREDENTIALS, TENANT, "app", SECRET, null, null,
                null, null, null, null, null);
        assertThat(settings.effectiveTokenEndpoint())
                .isEqualTo(URI.create("https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/token"));
        assertThat(settings.effectiveAuthorizationEndpoint()).contains(
                URI.create("https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/authorize"));
        assertThat(settings.effectiveScope()).isEqualTo("https://outlook.office365.com/.default");
        assertThat(settings.clientCredential()).isEqualTo(new OAuth2Settings.ClientCredential.ClientSecret(SECRET));
    }

    @Test
    void aDelegatedMicrosoftTokenAsksForSmtpSendOnTheOutlookResource() {
        OAuth2Settings delegated = new OAuth2Settings(MICROSOFT_365, REFRESH_TOKEN, TENANT, "app", null, null, null, null,
                null, null, null, null);
        assertThat(delegated.effectiveScope()).isEqualTo("https://outlook.office.com/SMTP.Send");
    }

    @Test
    void googlePresetsAndAServiceAccountForJwtBearer() {
        OAuth2Settings settings = new OAuth2Settings(GOOGLE, JWT_BEARER, null, "1234", null, null, null, SERVICE_ACCOUNT,
                null, null, null, null);
        assertThat(settings.effectiveTokenEndpoint()).isEqualTo(URI.create("https://oauth2.googleapis.com/token"));
        assertThat(settings.effectiveScope()).isEqualTo("https://mail.google.com/");
        assertThat(settings.clientCredential()).isInstanceOf(OAuth2Settings.ClientCredential.ServiceAccount.class);
    }

    @Test
    void aGenericProviderNamesItsOwnHttpsEndpointsAndScope() {
        OAuth2Settings settings = new OAuth2Settings(GENERIC, REFRESH_TOKEN, null, "relay", null, null, null, null,
                "https://login.example.net/token", "https://login.example.net/authorize", "smtp.send", null);
        assertThat(settings.effectiveTokenEndpoint()).isEqualTo(URI.create("https://login.example.net/token"));
        assertThat(settings.effectiveAuthorizationEndpoint()).contains(URI.create("https://login.example.net/authorize"));
        assertThat(settings.effectiveScope()).isEqualTo("smtp.send");
        assertThat(settings.clientCredential()).isInstanceOf(OAuth2Settings.ClientCredential.PublicClient.class);
    }

    @Test
    void everyProblemIsNamedByItsField() {
        assertThat(fields(OAuth2Settings.check(null, null, null, " ", null, null, null, null, null, null, null, null)))
                .containsExactlyInAnyOrder(OAuth2Settings.PROVIDER, OAuth2Settings.GRANT, OAuth2Settings.CLIENT_ID);
        assertThat(fields(OAuth2Settings.check(MICROSOFT_365, CLIENT_CREDENTIALS, null, "app", SECRET, null, null, null,
                null, null, null, null))).containsExactly(OAuth2Settings.TENANT_ID);
        assertThat(fields(OAuth2Settings.check(MICROSOFT_365, CLIENT_CREDENTIALS, "not a tenant", "app", SECRET, null,
                null, null, null, null, null, null))).containsExactly(OAuth2Settings.TENANT_ID);
        assertThat(OAuth2Settings.check(MICROSOFT_365, CLIENT_CREDENTIALS, "contoso.com", "app", SECRET, null, null, null,
                null, null, null, null)).isEmpty();
        assertThat(fields(OAuth2Settings.check(GOOGLE, JWT_BEARER, TENANT, "app", null, null, null, SERVICE_ACCOUNT,
                "https://elsewhere.example/token", null, "x", null)))
                .containsExactlyInAnyOrder(OAuth2Settings.TENANT_ID, OAuth2Settings.TOKEN_ENDPOINT, OAuth2Settings.SCOPE);
    }

    @Test
    void aGenericProvidersTokenEndpointIsHttpsAndItsScopeRequired() {
        assertThat(fields(OAuth2Settings.check(GENERIC, CLIENT_CREDENTIALS, null, "relay", SECRET, null, null, null,
                "http://login.example.net/token", null, null, null)))
                .containsExactlyInAnyOrder(OAuth2Settings.TOKEN_ENDPOINT, OAuth2Settings.SCOPE);
        assertThat(fields(OAuth2Settings.check(GENERIC, CLIENT_CREDENTIALS, null, "relay", SECRET, null, null, null,
                null, null, "smtp", null))).containsExactly(OAuth2Settings.TOKEN_ENDPOINT);
        assertThat(fields(OAuth2Settings.check(GENERIC, CLIENT_CREDENTIALS, null, "relay", SECRET, null, null, null,
                "https://user:pw@login.example.net/token", null, "smtp", null))).containsExactly(OAuth2Settings.TOKEN_ENDPOINT);
    }

    @Test
    void exactlyOneKindOfClientCredentialForTheGrant() {
        assertThat(fields(OAuth2Settings.check(MICROSOFT_365, CLIENT_CREDENTIALS, TENANT, "app", null, null, null, null,
                null, null, null, null))).containsExactly(OAuth2Settings.CLIENT_SECRET);
        assertThat(fields(OAuth2Settings.check(MICROSOFT_365, CLIENT_CREDENTIALS, TENANT, "app", SECRET, KEY, CERTIFICATE,
                null, null, null, null, null))).containsExactly(OAuth2Settings.CLIENT_SECRET);
        assertThat(OAuth2Settings.check(MICROSOFT_365, CLIENT_CREDENTIALS, TENANT, "app", null, KEY, CERTIFICATE, null,
                null, null, null, null)).isEmpty();
        assertThat(fields(OAuth2Settings.check(MICROSOFT_365, CLIENT_CREDENTIALS, TENANT, "app", null, KEY, null, null,
                null, null, null, null))).contains(OAuth2Settings.CERTIFICATE_PEM);
        assertThat(fields(OAuth2Settings.check(GOOGLE, JWT_BEARER, null, "app", SECRET, null, null, null, null, null, null,
                null))).contains(OAuth2Settings.CLIENT_SECRET, OAuth2Settings.SERVICE_ACCOUNT_JSON);
        assertThat(OAuth2Settings.check(GOOGLE, REFRESH_TOKEN, null, "app", SECRET, null, null, null, null, null, null,
                new Secret("1//refresh"))).isEmpty();
        assertThat(fields(OAuth2Settings.check(GOOGLE, CLIENT_CREDENTIALS, null, "app", SECRET, null, null, null, null,
                null, null, new Secret("1//refresh")))).containsExactly(OAuth2Settings.REFRESH_TOKEN);
    }

    @Test
    void onlyConsistentSettingsExistAndTheyNeverShowASecret() {
        assertThatThrownBy(() -> new OAuth2Settings(GENERIC, CLIENT_CREDENTIALS, null, "relay", SECRET, null, null, null,
                "http://insecure.example/token", null, "smtp", null)).isInstanceOf(IllegalArgumentException.class);
        OAuth2Settings settings = new OAuth2Settings(GENERIC, REFRESH_TOKEN, null, "relay", SECRET, null, null, null,
                "https://login.example.net/token", null, "smtp", new Secret("the-refresh-token"));
        assertThat(settings.toString()).doesNotContain("client-secret").doesNotContain("the-refresh-token");
    }

    @Test
    void theIdentityOfATokenLeavesTheRotatingRefreshTokenOutAndTheMailboxOfAnAppOnlyToken() {
        OAuth2Settings delegated = new OAuth2Settings(GENERIC, REFRESH_TOKEN, null, "relay", null, null, null, null,
                "https://login.example.net/token", null, "smtp", new Secret("first"));
        UnitId north = UnitId.of("north");
        assertThat(OAuth2Identity.of(delegated, "a@example.net", north))
                .isEqualTo(OAuth2Identity.of(delegated.withRefreshToken(new Secret("rotated")), "a@example.net", north))
                .isNotEqualTo(OAuth2Identity.of(delegated, "b@example.net", north));
        OAuth2Settings appOnly = new OAuth2Settings(MICROSOFT_365, CLIENT_CREDENTIALS, TENANT, "app", SECRET, null, null,
                null, null, null, null, null);
        assertThat(OAuth2Identity.of(appOnly, "store1@contoso.com", north))
                .isEqualTo(OAuth2Identity.of(appOnly, "store2@contoso.com", UnitId.of("south")));
        assertThat(new UpstreamLogin.OAuth2("a@example.net", delegated, north))
                .isEqualTo(new UpstreamLogin.OAuth2("a@example.net", delegated.withRefreshToken(new Secret("rotated")), north));
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).distinct().toList();
    }
}
