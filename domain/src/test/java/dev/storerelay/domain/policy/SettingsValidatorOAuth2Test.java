package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.SmtpSettingsForm.OAuth2Form;
import dev.storerelay.domain.model.SmtpSettingsForm.TrustForm;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.Validated;
import dev.storerelay.domain.model.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection block's authentication method, OAuth 2.0 settings and the unit's own trust on the SMTP Server form. */
class SettingsValidatorOAuth2Test {
    private static final PasswordChange KEEP = new PasswordChange.Keep();
    private static final PasswordChange CLEAR = new PasswordChange.Clear();
    private static final String TENANT = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";
    private static final String PIN = "3a5f00112233445566778899aabbccddeeff00112233445566778899aabbccdd";

    private static PasswordChange replace(String secret) {
        return new PasswordChange.Replace(new Secret(secret));
    }

    private static OAuth2Form microsoftWith(PasswordChange clientSecret) {
        return new OAuth2Form("MICROSOFT_365", "CLIENT_CREDENTIALS", TENANT, "app-id", clientSecret, KEEP, null, KEEP,
                null, null, null, KEEP);
    }

    private static SmtpSettingsForm form(String login, PasswordChange password, String method, OAuth2Form oauth2, TrustForm trust) {
        return new SmtpSettingsForm("smtp.office365.com", "587", login, password, "START_TLS", null, method, oauth2, trust);
    }

    private static SmtpConnection valid(SmtpSettingsForm form, SmtpConnection stored) {
        Validated<UnitSettings> result = SettingsValidator.validate(form, stored);
        assertThat(result).as("valid: %s", result).isInstanceOf(Validated.Valid.class);
        return ((Validated.Valid<UnitSettings>) result).value().connection();
    }

    private static List<String> fields(SmtpSettingsForm form, SmtpConnection stored) {
        Validated<UnitSettings> result = SettingsValidator.validate(form, stored);
        assertThat(result).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<UnitSettings>) result).violations().stream().map(Violation::field).toList();
    }

    @Test
    void oauth2TakesTheLoginAsTheMailboxAndNoPassword() {
        SmtpConnection connection = valid(form("store12@contoso.com", KEEP, "OAUTH2", microsoftWith(replace("s3cret")), null), null);
        assertThat(connection.authentication()).isEqualTo(AuthenticationMethod.OAUTH2);
        assertThat(connection.login()).isEqualTo("store12@contoso.com");
        assertThat(connection.password()).isNull();
        assertThat(connection.oauth2().provider()).isEqualTo(OAuth2Provider.MICROSOFT_365);
        assertThat(connection.oauth2().grant()).isEqualTo(OAuth2Grant.CLIENT_CREDENTIALS);
        assertThat(connection.oauth2().clientSecret()).isEqualTo(new Secret("s3cret"));
    }

    @Test
    void oauth2NeedsTheMailboxAndRefusesAPasswordButDropsAStoredOne() {
        assertThat(fields(form(null, KEEP, "OAUTH2", microsoftWith(replace("s3cret")), null), null))
                .containsExactly(SmtpSettingsForm.LOGIN);
        assertThat(fields(form("a@contoso.com", replace("pw"), "OAUTH2", microsoftWith(replace("s3cret")), null), null))
                .containsExactly(SmtpSettingsForm.PASSWORD);
        SmtpConnection passwordBlock = new SmtpConnection(new ServerAddress("smtp.office365.com"), null, "a@contoso.com",
                new Secret("old-pw"), SecureSocketOptions.START_TLS);
        assertThat(valid(form("a@contoso.com", KEEP, "OAUTH2", microsoftWith(replace("s3cret")), null), passwordBlock)
                .password()).isNull();
        assertThat(fields(form("a@contoso.com", KEEP, "OAUTH2", null, null), null)).containsExactly(SmtpSettingsForm.OAUTH2);
    }

    @Test
    void secretsLeftAloneAreKeptFromTheStoredBlockAndAnEmptyOneClearsIt() {
        SmtpConnection stored = valid(form("a@contoso.com", KEEP, "OAUTH2", microsoftWith(replace("s3cret")), null), null);
        assertThat(valid(form("a@contoso.com", KEEP, "OAUTH2", microsoftWith(KEEP), null), stored).oauth2().clientSecret())
                .isEqualTo(new Secret("s3cret"));
        assertThat(fields(form("a@contoso.com", KEEP, "OAUTH2", microsoftWith(CLEAR), null), stored))
                .containsExactly(OAuth2Settings.CLIENT_SECRET);
        assertThat(fields(form("a@contoso.com", KEEP, "OAUTH2", microsoftWith(KEEP), null), null))
                .as("nothing stored to keep").containsExactly(OAuth2Settings.CLIENT_SECRET);
    }

    @Test
    void unknownChoicesAreNamedOnceAndOAuth2SettingsNeedTheOAuth2Method() {
        assertThat(fields(form("a@contoso.com", KEEP, "KERBEROS", null, null), null)).containsExactly(SmtpSettingsForm.AUTHENTICATION);
        OAuth2Form unknownProvider = new OAuth2Form("YAHOO", "CLIENT_CREDENTIALS", null, "app", replace("s"), KEEP, null,
                KEEP, null, null, null, KEEP);
        assertThat(fields(form("a@contoso.com", KEEP, "OAUTH2", unknownProvider, null), null)).containsExactly(OAuth2Settings.PROVIDER);
        assertThat(fields(form("u", replace("pw"), "PASSWORD", microsoftWith(replace("s")), null), null))
                .containsExactly(SmtpSettingsForm.OAUTH2);
        assertThat(valid(form("u", replace("pw"), null, null, null), null).authentication()).isEqualTo(AuthenticationMethod.PASSWORD);
    }

    @Test
    void aUnitsOwnTrustIsPartOfItsConnectionBlock() {
        SmtpConnection connection = valid(form("u", replace("pw"), null, null,
                new TrustForm(List.of(PIN.toUpperCase()), null)), null);
        assertThat(connection.trust()).isEqualTo(new ServerTrust(List.of(PIN), null));
        assertThat(fields(form("u", replace("pw"), null, null, new TrustForm(List.of("beef"), null)), null))
                .containsExactly(ServerTrust.PINNED_SHA256 + "[0]");
        SmtpSettingsForm trustWithoutServer = new SmtpSettingsForm(null, null, null, KEEP, null, null, null, null,
                new TrustForm(List.of(PIN), null));
        assertThat(fields(trustWithoutServer, null)).containsExactly(SmtpSettingsForm.SERVER_ADDRESS);
    }
}
