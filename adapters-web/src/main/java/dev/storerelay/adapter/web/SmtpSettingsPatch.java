package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitSettings;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import static dev.storerelay.domain.model.SmtpSettingsForm.AUTHENTICATION;
import static dev.storerelay.domain.model.SmtpSettingsForm.LOGIN;
import static dev.storerelay.domain.model.SmtpSettingsForm.OAUTH2;
import static dev.storerelay.domain.model.SmtpSettingsForm.OUTGOING_EMAIL_ADDRESS;
import static dev.storerelay.domain.model.SmtpSettingsForm.PASSWORD;
import static dev.storerelay.domain.model.SmtpSettingsForm.PORT;
import static dev.storerelay.domain.model.SmtpSettingsForm.SECURE_SOCKET_OPTIONS;
import static dev.storerelay.domain.model.SmtpSettingsForm.SERVER_ADDRESS;
import static dev.storerelay.domain.model.SmtpSettingsForm.TRUST;

/**
 * {@code PATCH /api/units/{id}/smtp} as a JSON merge patch (RFC 7396) applied to the unit's own settings in the shape a
 * {@code PUT} takes, so that the result goes through exactly the {@code PUT}'s reading and validation. Write-only
 * secrets are not in that document (they cannot be read back), so for them the patch means what a {@code PUT} says:
 * absent keeps the stored secret, {@code null} or {@code ""} clears it, text replaces it. Every other member follows
 * RFC 7396: given values replace, {@code null} removes (the unit inherits the field), objects merge member by member,
 * arrays are replaced whole.
 */
final class SmtpSettingsPatch {
    static final String MEDIA_TYPE = "application/merge-patch+json";
    private static final Set<String> SECRETS = Set.of(PASSWORD);
    /** The write-only members of {@code oauth2} (README, *Admin JSON API*). */
    private static final Set<String> OAUTH2_SECRETS = Set.of("clientSecret", "privateKeyPem", "serviceAccountJson",
            "refreshToken");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SmtpSettingsPatch() {
    }

    /** The patch applied to the unit's own settings: a {@code PUT} body. */
    static ObjectNode apply(UnitSettings own, ObjectNode patch) {
        return (ObjectNode) merge(document(own), patch, SECRETS);
    }

    /** The unit's own settings as a {@code PUT} body that changes nothing, secrets left out (kept). */
    static ObjectNode document(UnitSettings own) {
        ObjectNode doc = NODES.objectNode();
        SmtpConnection c = own.connection();
        if (c != null) {
            doc.put(SERVER_ADDRESS, c.serverAddress().value());
            c.explicitPort().ifPresent(p -> doc.put(PORT, p.value()));
            if (c.login() != null) {
                doc.put(LOGIN, c.login());
            }
            doc.put(SECURE_SOCKET_OPTIONS, c.secureSocketOptions().name());
            doc.put(AUTHENTICATION, c.authentication().name());
            if (c.oauth2() != null) {
                doc.set(OAUTH2, oauth2(c.oauth2()));
            }
            if (!c.trust().isDefault()) {
                ObjectNode trust = doc.putObject(TRUST);
                ArrayNode pins = trust.putArray("pinnedSha256");
                c.trust().pinnedSha256().forEach(pin -> pins.add(ServerTrust.display(pin)));
                putIfSet(trust, "caCertificatesPem", c.trust().caCertificatesPem());
            }
        }
        own.ownOutgoingEmailAddress().ifPresent(a -> doc.put(OUTGOING_EMAIL_ADDRESS, a.value()));
        return doc;
    }

    private static ObjectNode oauth2(OAuth2Settings o) {
        ObjectNode node = NODES.objectNode();
        node.put("provider", o.provider().name());
        node.put("grant", o.grant().name());
        putIfSet(node, "tenantId", o.tenantId());
        putIfSet(node, "clientId", o.clientId());
        putIfSet(node, "certificatePem", o.certificatePem());
        putIfSet(node, "tokenEndpoint", o.tokenEndpoint());
        putIfSet(node, "authorizationEndpoint", o.authorizationEndpoint());
        putIfSet(node, "scope", o.scope());
        return node;
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    /**
     * RFC 7396 §2's MergePatch(Target, Patch), except that a secret's {@code null} becomes {@code ""} (clear) instead
     * of removing the member, which would mean "keep".
     *
     * @param secrets the names of the write-only members at this level
     */
    static JsonNode merge(JsonNode target, JsonNode patch, Set<String> secrets) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> members = patch.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (secrets.contains(name)) {
                result.set(name, value.isNull() ? TextNode.valueOf("") : value);
            } else if (value.isNull()) {
                result.remove(name);
            } else {
                result.set(name, merge(result.get(name), value, secrets == SECRETS && OAUTH2.equals(name) ? OAUTH2_SECRETS : Set.of()));
            }
        }
        return result;
    }
}
