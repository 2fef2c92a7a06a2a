package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpSettingsForm;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmtpSettingsRequestTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void passesTextFieldsOnAsEntered() {
        SmtpSettingsForm form = form("""
                {"serverAddress":" smtp.example.com ","port":587,"login":"u","password":"p",
                 "secureSocketOptions":"AUTO","outgoingEmailAddress":"s@example.com"}""");

        assertThat(form).isEqualTo(new SmtpSettingsForm(" smtp.example.com ", "587", "u",
                new PasswordChange.Replace(new Secret("p")), "AUTO", "s@example.com"));
    }

    @Test
    void passwordOmittedKeepsEmptyOrNullClearsTextReplaces() {
        assertThat(form("{}").password()).isEqualTo(new PasswordChange.Keep());
        assertThat(form("{\"password\":\"\"}").password()).isEqualTo(new PasswordChange.Clear());
        assertThat(form("{\"password\":null}").password()).isEqualTo(new PasswordChange.Clear());
        assertThat(form("{\"password\":\" x \"}").password()).isEqualTo(new PasswordChange.Replace(new Secret(" x ")));
    }

    @Test
    void thePortIsTextForTheDomainToCheck() {
        assertThat(form("{\"port\":25}").port()).isEqualTo("25");
        assertThat(form("{\"port\":\"25\"}").port()).isEqualTo("25");
        assertThat(form("{\"port\":\"\"}").port()).isEmpty();
        assertThat(form("{\"port\":null}").port()).isNull();
        assertThat(form("{}").port()).isNull();
    }

    @Test
    void wrongJsonTypesAreFieldErrors() {
        assertThatThrownBy(() -> form("{\"port\":25.5,\"login\":true,\"password\":[]}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.body().fields()).containsOnlyKeys("port", "login", "password");
                });
    }

    private SmtpSettingsForm form(String json) {
        try {
            return SmtpSettingsRequest.toForm((ObjectNode) mapper.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
