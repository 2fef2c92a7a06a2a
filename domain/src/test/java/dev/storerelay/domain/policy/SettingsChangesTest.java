package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.policy.SettingsChanges.FieldChange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsChangesTest {
    private static final UnitSettings NORTH = new UnitSettings(new SmtpConnection(new ServerAddress("smtp.a.example"), new Port(587),
            "north", new Secret("first secret"), SecureSocketOptions.START_TLS), null);

    @Test
    void eachChangedFieldIsNamedAndThePasswordValueNeverAppears() {
        UnitSettings changed = new UnitSettings(new SmtpConnection(new ServerAddress("smtp.b.example"), new Port(587),
                "north", new Secret("second secret"), SecureSocketOptions.SSL_ON_CONNECT), new EmailAddress("north@example.com"));

        assertThat(SettingsChanges.between(NORTH, changed)).containsExactly(
                new FieldChange("SMTP Server Address", "changed from smtp.a.example to smtp.b.example"),
                new FieldChange("SMTP Server Password", "changed"),
                new FieldChange("Secure Socket Options", "changed from START_TLS to SSL_ON_CONNECT"),
                new FieldChange("Outgoing Email address", "set to north@example.com"));
        assertThat(SettingsChanges.between(NORTH, changed).toString()).doesNotContain("secret");
    }

    @Test
    void settingAndClearingEverything() {
        assertThat(SettingsChanges.between(UnitSettings.INHERIT_ALL, NORTH)).extracting(FieldChange::change)
                .containsExactly("set to smtp.a.example", "set to 587", "set to north", "set", "set to START_TLS");
        assertThat(SettingsChanges.between(NORTH, UnitSettings.INHERIT_ALL)).extracting(FieldChange::change)
                .containsExactly("cleared (was smtp.a.example; inherited now)", "cleared (was 587; inherited now)",
                        "cleared (was north; inherited now)", "cleared", "cleared (was START_TLS; inherited now)");
        assertThat(SettingsChanges.between(NORTH, NORTH)).isEmpty();
    }

    @Test
    void aRefreshTokenFromASignInNamesTheAccountNotTheToken() {
        assertThat(SettingsChanges.refreshTokenBySignIn("store12@contoso.com"))
                .isEqualTo(new FieldChange("OAuth 2.0 refresh token", "set by signing in as store12@contoso.com"));
        assertThat(SettingsChanges.refreshTokenBySignIn(null).change())
                .isEqualTo("set by signing in (the provider did not name the account)");
    }
}
