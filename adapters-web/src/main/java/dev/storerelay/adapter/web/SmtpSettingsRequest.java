package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpSettingsForm;

import dev.storerelay.domain.model.SmtpSettingsForm.OAuth2Form;
import dev.storerelay.domain.model.SmtpSettingsForm.TrustForm;
import dev.storerelay.domain.model.Texts;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.storerelay.domain.model.SmtpSettingsForm.AUTHENTICATION;
import static dev.storerelay.domain.model.SmtpSettingsForm.LOGIN;
import static dev.storerelay.domain.model.SmtpSettingsForm.OAUTH2;
import static dev.storerelay.domain.model.SmtpSettingsForm.TRUST;
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
            OUTGOING_EMAIL_ADDRESS, AUTHENTICATION, OAUTH2, TRUST);
    /** The properties of {@code oauth2} (README, *Admin JSON API*), without the prefix. */
    static final Set<String> OAUTH2_PROPERTIES = Set.of("provider", "grant", "tenantId", "clientId", "clientSecret",
            "privateKeyPem", "certificatePem", "serviceAccountJson", "tokenEndpoint", "authorizationEndpoint", "scope",
            "refreshToken");
    static final Set<String> TRUST_PROPERTIES = Set.of("pinnedSha256", "caCertificatesPem");
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
                JsonBodies.text(body, OUTGOING_EMAIL_ADDRESS, errors),
                JsonBodies.text(body, AUTHENTICATION, errors),
                oauth2(body.get(OAUTH2), errors),
                trust(body.get(TRUST), errors));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return form;
    }

    /** {@code oauth2}: absent or null when not given; its secrets kept when omitted, cleared when {@code ""}. */
    private static OAuth2Form oauth2(JsonNode node, Map<String, String> errors) {
        ObjectNode o = object(node, OAUTH2, OAUTH2_PROPERTIES, errors);
        if (o == null) {
            return null;
        }
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        OAuth2Form form = new OAuth2Form(JsonBodies.text(o, "provider", fieldErrors), JsonBodies.text(o, "grant", fieldErrors),
                JsonBodies.text(o, "tenantId", fieldErrors), JsonBodies.text(o, "clientId", fieldErrors),
                secretChange(o.get("clientSecret"), "clientSecret", fieldErrors),
                secretChange(o.get("privateKeyPem"), "privateKeyPem", fieldErrors),
                JsonBodies.text(o, "certificatePem", fieldErrors),
                secretChange(o.get("serviceAccountJson"), "serviceAccountJson", fieldErrors),
                JsonBodies.text(o, "tokenEndpoint", fieldErrors), JsonBodies.text(o, "authorizationEndpoint", fieldErrors),
                JsonBodies.text(o, "scope", fieldErrors), secretChange(o.get("refreshToken"), "refreshToken", fieldErrors));
        fieldErrors.forEach((name, message) -> errors.put(OAUTH2 + "." + name, message));
        return form;
    }

    /** {@code trust}: absent or null when the unit trusts nothing of its own. */
    private static TrustForm trust(JsonNode node, Map<String, String> errors) {
        ObjectNode t = object(node, TRUST, TRUST_PROPERTIES, errors);
        if (t == null) {
            return null;
        }
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        List<String> pins = t.get("pinnedSha256") == null || t.get("pinnedSha256").isNull() ? List.of()
                : JsonBodies.requiredTextList(t, "pinnedSha256", fieldErrors);
        String pem = JsonBodies.text(t, "caCertificatesPem", fieldErrors);
        fieldErrors.forEach((name, message) -> errors.put(TRUST + "." + name, message));
        return new TrustForm(pins == null ? List.of() : pins, pem);
    }

    /** A nested JSON object with only {@code allowed} properties; {@code null} when absent or null. */
    private static ObjectNode object(JsonNode node, String name, Set<String> allowed, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.put(name, "Must be an object or null.");
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String property = names.next();
            if (!allowed.contains(property)) {
                errors.put(name + "." + Texts.printable(property), "unknown property");
            }
        }
        return (ObjectNode) node;
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

    /** Omitted keeps the stored password; {@code null} or {@code ""} clears it (README, *Admin JSON API*); text replaces it. */
    private static PasswordChange passwordChange(JsonNode node, Map<String, String> errors) {
        return secretChange(node, PASSWORD, errors);
    }

    /** A write-only secret: omitted keeps the stored one, {@code null} or {@code ""} clears it, text replaces it. */
    private static PasswordChange secretChange(JsonNode node, String name, Map<String, String> errors) {
        if (node == null) {
            return new PasswordChange.Keep();
        }
        if (node.isNull() || node.isTextual() && node.textValue().isEmpty()) {
            return new PasswordChange.Clear();
        }
        if (!node.isTextual()) {
            errors.put(name, "Must be a string or null.");
            return new PasswordChange.Keep();
        }
        return new PasswordChange.Replace(new Secret(node.textValue()));
    }
}
