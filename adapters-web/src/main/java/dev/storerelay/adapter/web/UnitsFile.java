package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.storerelay.application.port.in.BulkUnitsUseCase.ImportReport;
import dev.storerelay.application.port.in.BulkUnitsUseCase.Limits;
import dev.storerelay.application.port.in.BulkUnitsUseCase.RoutingLists;
import dev.storerelay.application.port.in.BulkUnitsUseCase.RowError;
import dev.storerelay.application.port.in.BulkUnitsUseCase.Section;
import dev.storerelay.application.port.in.BulkUnitsUseCase.UnitExport;
import dev.storerelay.application.port.in.BulkUnitsUseCase.UnitImport;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.Texts;
import dev.storerelay.domain.model.UnitId;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Units with their settings, routing and limits as the files of {@code GET /api/export} and {@code POST /api/import}
 * (README, *Admin JSON API*): JSON {@code {"units": [...]}}, each unit as the single-unit calls take it, and CSV with one row per
 * unit, nested fields flattened ({@code smtp.serverAddress}, {@code smtp.oauth2.clientId}) and lists joined with
 * spaces. A CSV row is read by turning it into the JSON unit, so both formats are checked alike. Secrets are never
 * written; an import may set them.
 */
final class UnitsFile {
    static final String UNITS = "units";
    private static final String SMTP = "smtp";
    private static final String ROUTING = "routing";
    private static final String LIMITS = "limits";
    private static final String OAUTH2 = "oauth2";
    private static final String TRUST = "trust";
    private static final Set<String> UNIT_PROPERTIES = Set.of("id", "name", "parentId", SMTP, ROUTING, LIMITS);
    private static final Set<String> ROUTING_PROPERTIES = Set.of("senderPatterns", "clientNetworks");
    private static final Set<String> LIMIT_PROPERTIES = Set.of("messagesPerMinute", "maxConnections");
    /** Flags of the settings API that say whether a secret is stored; not part of a unit an import takes. */
    private static final Set<String> SECRET_FLAGS = Set.of("passwordSet", "clientSecretSet", "privateKeySet",
            "serviceAccountSet", "refreshTokenSet");
    /** The CSV columns an export writes, in order. */
    static final List<String> COLUMNS = List.of("id", "name", "parentId",
            "smtp.serverAddress", "smtp.port", "smtp.login", "smtp.secureSocketOptions", "smtp.outgoingEmailAddress",
            "smtp.authentication", "smtp.oauth2.provider", "smtp.oauth2.grant", "smtp.oauth2.tenantId",
            "smtp.oauth2.clientId", "smtp.oauth2.certificatePem", "smtp.oauth2.tokenEndpoint",
            "smtp.oauth2.authorizationEndpoint", "smtp.oauth2.scope", "smtp.trust.pinnedSha256",
            "smtp.trust.caCertificatesPem", "routing.senderPatterns", "routing.clientNetworks",
            "limits.messagesPerMinute", "limits.maxConnections");
    /** The CSV columns an import takes besides {@link #COLUMNS}: the secrets, never exported. */
    static final List<String> SECRET_COLUMNS = List.of("smtp.password", "smtp.oauth2.clientSecret",
            "smtp.oauth2.privateKeyPem", "smtp.oauth2.serviceAccountJson", "smtp.oauth2.refreshToken");
    private static final Set<String> LIST_COLUMNS = Set.of("smtp.trust.pinnedSha256", "routing.senderPatterns",
            "routing.clientNetworks");
    private static final Set<String> NUMBER_COLUMNS = Set.of("limits.messagesPerMinute", "limits.maxConnections");
    private static final String WHOLE_NUMBER = "Enter a whole number, or leave it empty to inherit.";
    private static final Pattern SPACES = Pattern.compile("\\s+");
    // Quotes only cells that need it (a comma, a quote, a line break), so a file reads well in a text editor too.
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

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
        smtp.remove(SECRET_FLAGS);
        JsonNode trust = smtp.get(TRUST);
        if (trust != null && trust.path("pinnedSha256").isEmpty() && trust.path("caCertificatesPem").isNull()) {
            smtp.remove(TRUST);
        }
        if (smtp.get(OAUTH2) instanceof ObjectNode oauth2) {
            oauth2.remove(SECRET_FLAGS);
        }
        return smtp;
    }

    static String toCsv(List<UnitExport> units, ObjectMapper mapper) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(schema::addColumn);
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode unit : toJson(units, mapper).get(UNITS)) {
            List<String> row = new ArrayList<>(COLUMNS.size());
            for (String column : COLUMNS) {
                row.add(cell(at(unit, column), LIST_COLUMNS.contains(column)));
            }
            rows.add(row);
        }
        StringWriter out = new StringWriter();
        try {
            CSV.writer(schema.build()).writeValues(out).writeAll(rows).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static JsonNode at(JsonNode unit, String column) {
        JsonNode node = unit;
        for (String part : column.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node;
    }

    private static String cell(JsonNode value, boolean list) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (list && value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(element -> parts.add(element.asText()));
            return String.join(" ", parts);
        }
        return value.asText();
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
    private static UnitImport unit(int row, JsonNode node) {
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
        return new UnitImport(row, id, name, parent, smtp(unit.get(SMTP), errors), routing(unit.get(ROUTING), errors),
                limits(unit.get(LIMITS), errors), errors);
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

    private static Section<SmtpSettingsForm> smtp(JsonNode node, Map<String, String> errors) {
        if (node == null) {
            return Section.unchanged();
        }
        if (node.isNull()) {
            return Section.of(null);
        }
        if (!node.isObject()) {
            errors.put(SMTP, "Must be an object or null.");
            return Section.unchanged();
        }
        ObjectNode smtp = ((ObjectNode) node).deepCopy();
        smtp.remove(SECRET_FLAGS);
        if (smtp.get(OAUTH2) instanceof ObjectNode oauth2) {
            oauth2.remove(SECRET_FLAGS);
        }
        unknownProperties(smtp, SmtpSettingsRequest.PROPERTIES, SMTP + ".", errors);
        try {
            return Section.of(SmtpSettingsRequest.toForm(smtp));
        } catch (ApiException e) {
            e.body().fields().forEach((field, message) -> errors.putIfAbsent(SMTP + "." + field, message));
            return Section.unchanged();
        }
    }

    private static Section<RoutingLists> routing(JsonNode node, Map<String, String> errors) {
        if (node == null) {
            return Section.unchanged();
        }
        if (node.isNull()) {
            return Section.of(null);
        }
        if (!node.isObject()) {
            errors.put(ROUTING, "Must be an object or null.");
            return Section.unchanged();
        }
        ObjectNode routing = (ObjectNode) node;
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

    private static Section<Limits> limits(JsonNode node, Map<String, String> errors) {
        if (node == null) {
            return Section.unchanged();
        }
        if (node.isNull()) {
            return Section.of(null);
        }
        if (!node.isObject()) {
            errors.put(LIMITS, "Must be an object or null.");
            return Section.unchanged();
        }
        ObjectNode limits = (ObjectNode) node;
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

    /**
     * The rows of a CSV file with a header row, each numbered by its line (the header is line 1; a quoted cell over
     * several lines counts as one). A header naming an unknown column or no {@code id} is the file's error, on line 1.
     */
    static CsvRows fromCsv(String text) {
        List<List<String>> records;
        try (var values = CSV.readerFor(List.class).readValues(text)) {
            records = new ArrayList<>();
            while (values.hasNext()) {
                @SuppressWarnings("unchecked")
                List<String> record = (List<String>) values.next();
                records.add(record);
            }
        } catch (IOException | RuntimeException e) {
            return CsvRows.refused(Map.of("file", "Not a CSV file that can be read: " + Texts.printable(
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""))));
        }
        if (records.isEmpty()) {
            return CsvRows.refused(Map.of("file", "The file is empty: it needs a header row and a row per unit."));
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        Map<String, String> headerErrors = new LinkedHashMap<>();
        for (String column : header) {
            if (!COLUMNS.contains(column) && !SECRET_COLUMNS.contains(column)) {
                headerErrors.putIfAbsent(Texts.printable(column), "unknown column");
            }
        }
        if (!header.contains("id")) {
            headerErrors.put("id", "The header row needs an id column.");
        }
        if (!headerErrors.isEmpty()) {
            return CsvRows.refused(headerErrors);
        }
        List<UnitImport> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.get(r);
            if (record.stream().allMatch(String::isBlank)) {
                continue;                                    // a blank line, such as the one at the end of a file
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                cells.put(header.get(c), c < record.size() ? record.get(c) : "");
            }
            Map<String, String> errors = new LinkedHashMap<>();
            if (record.size() > header.size()) {
                errors.put("file", "The row has " + record.size() + " cells, the header " + header.size() + ".");
            }
            UnitImport unit = unit(r + 1, asJson(cells, header, errors));
            if (!errors.isEmpty()) {
                Map<String, String> all = new LinkedHashMap<>(errors);
                unit.parseErrors().forEach(all::putIfAbsent);
                unit = new UnitImport(unit.row(), unit.id(), unit.name(), unit.parentId(), unit.smtp(), unit.routing(),
                        unit.limits(), all);
            }
            rows.add(unit);
        }
        return new CsvRows(rows, null);
    }

    /** The rows of a CSV file, or the error of the whole file (its header). */
    record CsvRows(List<UnitImport> rows, ImportReport.Rejected refused) {
        static CsvRows refused(Map<String, String> fields) {
            return new CsvRows(List.of(), new ImportReport.Rejected(List.of(new RowError(1, fields))));
        }
    }

    /** A CSV row as the JSON unit it stands for: a section given when the header has a column of it. */
    private static ObjectNode asJson(Map<String, String> cells, List<String> header, Map<String, String> errors) {
        ObjectNode unit = JsonNodeFactory.instance.objectNode();
        for (String top : List.of("id", "name", "parentId")) {
            String value = cells.getOrDefault(top, "").strip();
            if (!value.isEmpty()) {
                unit.put(top, value);
            }
        }
        if (header.stream().anyMatch(c -> c.startsWith(SMTP + "."))) {
            boolean anySetting = header.stream().filter(c -> c.startsWith(SMTP + ".") && !SECRET_COLUMNS.contains(c))
                    .anyMatch(c -> !cells.get(c).isBlank());
            if (anySetting) {
                unit.set(SMTP, nested(cells, SMTP + ".", errors));
            } else {
                SECRET_COLUMNS.stream().filter(c -> !cells.getOrDefault(c, "").isEmpty()).findFirst().ifPresent(c ->
                        errors.put(c, "A secret needs the unit's SMTP settings in the same row."));
                unit.putNull(SMTP);
            }
        }
        if (header.stream().anyMatch(c -> c.startsWith(ROUTING + "."))) {
            unit.set(ROUTING, nested(cells, ROUTING + ".", errors));
        }
        if (header.stream().anyMatch(c -> c.startsWith(LIMITS + "."))) {
            unit.set(LIMITS, nested(cells, LIMITS + ".", errors));
        }
        return unit;
    }

    /** The cells under {@code prefix} as a JSON object: empty cells left out, lists split, numbers parsed. */
    private static ObjectNode nested(Map<String, String> cells, String prefix, Map<String, String> errors) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        cells.forEach((column, raw) -> {
            if (!column.startsWith(prefix) || raw.isBlank()) {
                return;
            }
            String[] path = column.substring(prefix.length()).split("\\.");
            ObjectNode parent = object;
            for (int i = 0; i < path.length - 1; i++) {
                parent = parent.has(path[i]) ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
            }
            String leaf = path[path.length - 1];
            if (LIST_COLUMNS.contains(column)) {
                ArrayNode list = parent.putArray(leaf);
                SPACES.splitAsStream(raw.strip()).forEach(list::add);
            } else if (NUMBER_COLUMNS.contains(column)) {
                try {
                    parent.put(leaf, Integer.parseInt(raw.strip()));
                } catch (NumberFormatException e) {
                    errors.put(column, WHOLE_NUMBER);
                }
            } else if (SECRET_COLUMNS.contains(column) || column.endsWith("Pem") || column.endsWith("Json")) {
                parent.put(leaf, raw);                      // as given: keys and secrets keep their spaces
            } else {
                parent.put(leaf, raw.strip());
            }
        });
        return object;
    }
}
