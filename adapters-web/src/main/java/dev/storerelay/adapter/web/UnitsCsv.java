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
import dev.storerelay.application.port.in.BulkUnitsUseCase.RowError;
import dev.storerelay.application.port.in.BulkUnitsUseCase.UnitExport;
import dev.storerelay.application.port.in.BulkUnitsUseCase.UnitImport;
import dev.storerelay.domain.model.Texts;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.storerelay.adapter.web.UnitsFile.LIMITS;
import static dev.storerelay.adapter.web.UnitsFile.ROUTING;
import static dev.storerelay.adapter.web.UnitsFile.SMTP;

/**
 * The units file of {@link UnitsFile} as CSV: a header row, then a row per unit, nested fields flattened
 * ({@code smtp.serverAddress}, {@code smtp.oauth2.clientId}) and lists joined with spaces. A row is read by turning it
 * into the JSON unit it stands for.
 */
final class UnitsCsv {
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
    private static final Pattern SPACES = Pattern.compile("\\s+");
    // Quotes only cells that need it (a comma, a quote, a line break), so a file reads well in a text editor too.
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private UnitsCsv() {
    }

    static String toCsv(List<UnitExport> units, ObjectMapper mapper) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(schema::addColumn);
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode unit : UnitsFile.toJson(units, mapper).get(UnitsFile.UNITS)) {
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
            UnitImport unit = UnitsFile.unit(r + 1, asJson(cells, header, errors));
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
                    errors.put(column, UnitsFile.WHOLE_NUMBER);
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
