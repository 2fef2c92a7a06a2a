package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpSettingsForm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.storerelay.domain.model.SmtpSettingsForm.LOGIN;
import static dev.storerelay.domain.model.SmtpSettingsForm.OUTGOING_EMAIL_ADDRESS;
import static dev.storerelay.domain.model.SmtpSettingsForm.PASSWORD;
import static dev.storerelay.domain.model.SmtpSettingsForm.PORT;
import static dev.storerelay.domain.model.SmtpSettingsForm.SECURE_SOCKET_OPTIONS;
import static dev.storerelay.domain.model.SmtpSettingsForm.SERVER_ADDRESS;

/**
 * The body of {@code PUT /api/units/{id}/smtp} turned into the domain's form. Only JSON types are checked here;
 * the values themselves are validated by the domain, so the API and the admin page give the same messages.
 */
final class SmtpSettingsRequest {
    static final Set<String> PROPERTIES = Set.of(SERVER_ADDRESS, PORT, LOGIN, PASSWORD, SECURE_SOCKET_OPTIONS,
            OUTGOING_EMAIL_ADDRESS);
    static final String PORT_RULE = "Enter a port number from 1 to 65535, or leave it empty.";

    private SmtpSettingsRequest() {
    }

    /** The form; throws a 400 naming each property of the wrong JSON type. */
    static SmtpSettingsForm toForm(ObjectNode body) {
        Map<String, String> errors = new LinkedHashMap<>();
        SmtpSettingsForm form = new SmtpSettingsForm(
                JsonBodies.text(body, SERVER_ADDRESS, errors),
                port(body.get(PORT), errors),
                JsonBodies.text(body, LOGIN, errors),
                passwordChange(body.get(PASSWORD), errors),
                JsonBodies.text(body, SECURE_SOCKET_OPTIONS, errors),
                JsonBodies.text(body, OUTGOING_EMAIL_ADDRESS, errors));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return form;
    }

    /** A JSON number or a numeric string; the domain parses the text, so "abc" and 70000 get its field error. */
    private static String port(JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        errors.put(PORT, PORT_RULE);
        return null;
    }

    /** Omitted keeps the stored password; {@code null} or {@code ""} clears it (DESIGN §8); text replaces it. */
    private static PasswordChange passwordChange(JsonNode node, Map<String, String> errors) {
        if (node == null) {
            return new PasswordChange.Keep();
        }
        if (node.isNull() || node.isTextual() && node.textValue().isEmpty()) {
            return new PasswordChange.Clear();
        }
        if (!node.isTextual()) {
            errors.put(PASSWORD, "Must be a string or null.");
            return new PasswordChange.Keep();
        }
        return new PasswordChange.Replace(new Secret(node.textValue()));
    }
}
