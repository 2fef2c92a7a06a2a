package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.application.port.in.BulkUnitsUseCase.Limits;
import dev.storerelay.application.port.in.BulkUnitsUseCase.RoutingLists;
import dev.storerelay.application.port.in.BulkUnitsUseCase.Section;
import dev.storerelay.application.port.in.BulkUnitsUseCase.UnitExport;
import dev.storerelay.application.port.in.BulkUnitsUseCase.UnitImport;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.Texts;
import dev.storerelay.domain.model.UnitId;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Units with their settings, routing and limits as the JSON file of {@code GET /api/export} and {@code POST /api/import}
 * (README, *Admin JSON API*): {@code {"units": [...]}}, each unit as the single-unit calls take it. {@link UnitsCsv}
 * reads a CSV row by turning it into such a unit, so both formats are checked alike. Secrets are never written; an
 * import may set them.
 */
final class UnitsFile {
    static final String UNITS = "units";
    static final String SMTP = "smtp";
    static final String ROUTING = "routing";
    static final String LIMITS = "limits";
    private static final String OAUTH2 = "oauth2";
    private static final String TRUST = "trust";
    private static final Set<String> UNIT_PROPERTIES = Set.of("id", "name", "parentId", SMTP, ROUTING, LIMITS);
    private static final Set<String> ROUTING_PROPERTIES = Set.of("senderPatterns", "clientNetworks");
    private static final Set<String> LIMIT_PROPERTIES = Set.of("messagesPerMinute", "maxConnections");
    /** Flags of the settings API that say whether a secret is stored; not part of a unit an import takes. */
    private static final Set<String> SECRET_FLAGS = Set.of("passwordSet", "clientSecretSet", "privateKeySet",
            "serviceAccountSet", "refreshTokenSet");
    static final String WHOLE_NUMBER = "Enter a whole number, or leave it empty to inherit.";

    private UnitsFile() {
    }

    // --- export -----------------------------------------------------------------------------------------------

    static ObjectNode toJson(List<UnitExport> units, ObjectMapper mapper) {
        ObjectNode file = JsonNodeFactory.instance.objectNode();
        ArrayNode list = file.putArray(UNITS);
        for (UnitExport unit : units) {
            ObjectNode json = list.addObject();
            json.put("id", unit.unit().id().value());
            json.put("name", unit.unit().name());
            json.put("parentId", unit.unit().parentId() == null ? null : unit.unit().parentId().value());
            if (unit.settings() != null) {
                json.set(SMTP, withoutSecretFlags(mapper.valueToTree(OwnSettingsJson.of(unit.settings()))));
            }
            if (unit.routing() != null) {
                json.set(ROUTING, mapper.valueToTree(RoutingJson.of(unit.routing())));
            }
            if (unit.rateLimit() != null || unit.connectionLimit() != null) {
                ObjectNode limits = json.putObject(LIMITS);
                limits.put("messagesPerMinute", unit.rateLimit() == null ? null : unit.rateLimit().messagesPerMinute());
                limits.put("maxConnections", unit.connectionLimit() == null ? null : unit.connectionLimit().maxConnections());
            }
        }
        return file;
    }

    /** The settings as {@code PUT} takes them: no flags of stored secrets, no trust when the unit trusts nothing of its own. */
    private static ObjectNode withoutSecretFlags(ObjectNode smtp) {
        removeSecretFlags(smtp);
        JsonNode trust = smtp.get(TRUST);
        if (trust != null && trust.path("pinnedSha256").isEmpty() && trust.path("caCertificatesPem").isNull()) {
            smtp.remove(TRUST);
        }
        return smtp;
    }

    private static void removeSecretFlags(ObjectNode smtp) {
        smtp.remove(SECRET_FLAGS);
        if (smtp.get(OAUTH2) instanceof ObjectNode oauth2) {
            oauth2.remove(SECRET_FLAGS);
        }
    }

    // --- import -----------------------------------------------------------------------------------------------

    /** The rows of a JSON file, numbered by their index in {@code units} from 0; a file that is no such object is refused. */
    static List<UnitImport> fromJson(JsonNode file) {
        JsonNode units = file == null || !file.isObject() ? null : file.get(UNITS);
        if (units == null || !units.isArray()) {
            throw ApiException.invalid(Map.of(UNITS, "Required: an object {\"units\": [...]} with a unit per element."));
        }
        List<UnitImport> rows = new ArrayList<>(units.size());
        for (int i = 0; i < units.size(); i++) {
            rows.add(unit(i, units.get(i)));
        }
        return rows;
    }

    /** One unit; what is wrong with its JSON becomes the row's parse errors, by field. */
    static UnitImport unit(int row, JsonNode node) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (!node.isObject()) {
            errors.put("id", "Each unit must be a JSON object.");
            return new UnitImport(row, null, null, null, Section.unchanged(), Section.unchanged(), Section.unchanged(), errors);
        }
        ObjectNode unit = (ObjectNode) node;
        unknownProperties(unit, UNIT_PROPERTIES, "", errors);
        UnitId id = unitId(JsonBodies.text(unit, "id", errors), "id", true, errors);
        String name = JsonBodies.text(unit, "name", errors);
        UnitId parent = unitId(JsonBodies.text(unit, "parentId", errors), "parentId", false, errors);
        return new UnitImport(row, id, name, parent, section(unit, SMTP, errors, smtp -> smtp(smtp, errors)),
                section(unit, ROUTING, errors, routing -> routing(routing, errors)),
                section(unit, LIMITS, errors, limits -> limits(limits, errors)), errors);
    }

    /** A section of a unit: left out, it stays as it is; {@code null}, the unit inherits it; an object, it is read. */
    private static <T> Section<T> section(ObjectNode unit, String name, Map<String, String> errors,
                                          Function<ObjectNode, Section<T>> read) {
        JsonNode node = unit.get(name);
        if (node == null) {
            return Section.unchanged();
        }
        if (node.isNull()) {
            return Section.of(null);
        }
        if (!node.isObject()) {
            errors.put(name, "Must be an object or null.");
            return Section.unchanged();
        }
        return read.apply((ObjectNode) node);
    }

    private static UnitId unitId(String text, String field, boolean required, Map<String, String> errors) {
        if (text == null || text.isEmpty()) {
            if (required) {
                errors.putIfAbsent(field, "Required. " + PathParams.UNIT_ID_RULE);
            }
            return null;
        }
        if (!UnitId.isValid(text)) {
            errors.putIfAbsent(field, PathParams.UNIT_ID_RULE);
            return null;
        }
        return UnitId.of(text);
    }

    private static Section<SmtpSettingsForm> smtp(ObjectNode node, Map<String, String> errors) {
        ObjectNode smtp = node.deepCopy();
        removeSecretFlags(smtp);
        unknownProperties(smtp, SmtpSettingsRequest.PROPERTIES, SMTP + ".", errors);
        try {
            return Section.of(SmtpSettingsRequest.toForm(smtp));
        } catch (ApiException e) {
            e.body().fields().forEach((field, message) -> errors.putIfAbsent(SMTP + "." + field, message));
            return Section.unchanged();
        }
    }

    private static Section<RoutingLists> routing(ObjectNode routing, Map<String, String> errors) {
        unknownProperties(routing, ROUTING_PROPERTIES, ROUTING + ".", errors);
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        List<String> patterns = optionalTextList(routing, "senderPatterns", fieldErrors);
        List<String> networks = optionalTextList(routing, "clientNetworks", fieldErrors);
        fieldErrors.forEach((field, message) -> errors.putIfAbsent(ROUTING + "." + field, message));
        return fieldErrors.isEmpty() ? Section.of(new RoutingLists(patterns, networks)) : Section.unchanged();
    }

    /** An array of strings; absent or null is none. */
    private static List<String> optionalTextList(ObjectNode object, String name, Map<String, String> errors) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? List.of() : JsonBodies.requiredTextList(object, name, errors);
    }

    private static Section<Limits> limits(ObjectNode limits, Map<String, String> errors) {
        unknownProperties(limits, LIMIT_PROPERTIES, LIMITS + ".", errors);
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        Integer perMinute = JsonBodies.wholeNumber(limits, "messagesPerMinute", WHOLE_NUMBER, fieldErrors);
        Integer connections = JsonBodies.wholeNumber(limits, "maxConnections", WHOLE_NUMBER, fieldErrors);
        fieldErrors.forEach((field, message) -> errors.putIfAbsent(LIMITS + "." + field, message));
        return fieldErrors.isEmpty() ? Section.of(new Limits(perMinute, connections)) : Section.unchanged();
    }

    private static void unknownProperties(ObjectNode object, Set<String> known, String prefix, Map<String, String> errors) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.putIfAbsent(prefix + Texts.printable(name), "unknown property");
            }
        }
    }
}
