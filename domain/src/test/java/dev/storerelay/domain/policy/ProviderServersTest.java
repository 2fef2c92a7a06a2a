package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.SmtpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderServersTest {

    @ParameterizedTest
    @CsvSource({
            "smtp.office365.com, MICROSOFT_365",
            "SMTP.Office365.com, MICROSOFT_365",
            "smtp.office365.com., MICROSOFT_365",
            "smtp-mail.outlook.com, MICROSOFT_365",
            "outlook.office365.com, MICROSOFT_365",
            "contoso-com.mail.protection.outlook.com, MICROSOFT_365",
            "smtp.gmail.com, GOOGLE",
            "smtp-relay.gmail.com, GOOGLE",
            "aspmx.l.google.com, GOOGLE",
            "alt1.aspmx.l.google.com, GOOGLE",
    })
    void recognisesMicrosoftsAndGooglesServers(String host, OAuth2Provider operator) {
        assertThat(ProviderServers.operatorOf(new ServerAddress(host))).contains(operator);
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp.office365.com.example.net", "evil-smtp.office365.com", "mail.protection.outlook.com",
            "outlook.com", "office365.com", "smtp.gmail.co", "gmail.com", "smtp.gmail.com.example.net",
            "mail.example.com", "192.0.2.25", "2001:db8::25"})
    void otherServersAreNobodysInParticular(String host) {
        assertThat(ProviderServers.operatorOf(new ServerAddress(host))).isEmpty();
    }

    @Test
    void aPasswordLoginAtMicrosoftIsWarnedAboutTheEndOfBasicAuthentication() {
        assertThat(ProviderServers.passwordLoginWarning(password("smtp.office365.com"))).hasValueSatisfying(warning ->
                assertThat(warning).startsWith("smtp.office365.com is Microsoft 365's server")
                        .contains("December 2026", "OAuth 2.0 (Microsoft 365)"));
    }

    @Test
    void aPasswordLoginAtGoogleIsWarnedThatOnlyAppPasswordsWork() {
        assertThat(ProviderServers.passwordLoginWarning(password("smtp.gmail.com"))).hasValueSatisfying(warning ->
                assertThat(warning).startsWith("smtp.gmail.com is Google's server").contains("app password", "OAuth 2.0 (Google)"));
    }

    @Test
    void noWarningForOtherServersOAuth2OrNoLogin() {
        assertThat(ProviderServers.passwordLoginWarning(password("smtp.example.com"))).isEmpty();
        assertThat(ProviderServers.passwordLoginWarning(new SmtpConnection(new ServerAddress("smtp.office365.com"),
                new Port(587), null, null, SecureSocketOptions.START_TLS))).isEmpty();
        OAuth2Settings oauth2 = new OAuth2Settings(OAuth2Provider.MICROSOFT_365, OAuth2Grant.CLIENT_CREDENTIALS,
                "contoso.example", "client", new Secret("s"), null, null, null, null, null, null, null);
        assertThat(ProviderServers.passwordLoginWarning(new SmtpConnection(new ServerAddress("smtp.office365.com"),
                new Port(587), "store12@contoso.example", null, SecureSocketOptions.START_TLS, oauth2, ServerTrust.DEFAULT)))
                .isEmpty();
    }

    private static SmtpConnection password(String host) {
        return new SmtpConnection(new ServerAddress(host), new Port(587), "store12@shop.example", new Secret("pw"),
                SecureSocketOptions.START_TLS);
    }
}
