package dev.storerelay.adapter.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.storerelay.application.port.in.BulkUnitsUseCase;
import dev.storerelay.application.port.in.BulkUnitsUseCase.ImportReport;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/export} and {@code POST /api/import} (README, *Admin JSON API*), and the admin page's Import and export screen,
 * which reads an uploaded file the same way.
 */
final class BulkRoutes {
    static final String CSV_TYPE = "text/csv";
    static final RequestBodyTypes IMPORT_TYPES = RequestBodyTypes.JSON.and(CSV_TYPE);
    private static final RequestBodyTypes CSV_BODY = new RequestBodyTypes(List.of(CSV_TYPE));
    static final String PAGE = AdminLayout.UNITS + "/import-export";
    private static final String FILE_FIELD = "file";
    private static final String CHECK_ONLY_FIELD = "checkOnly";

    private final BulkUnitsUseCase bulk;
    private final ObjectMapper mapper;

    BulkRoutes(BulkUnitsUseCase bulk, ObjectMapper mapper) {
        this.bulk = bulk;
        this.mapper = mapper;
    }

    void exportUnits(Context ctx) {
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format").toLowerCase(Locale.ROOT);
        switch (format) {
            case "json" -> ctx.json(UnitsFile.toJson(bulk.exportUnits(), mapper));
            case "csv" -> ctx.contentType(CSV_TYPE + "; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"store-relay-units.csv\"")
                    .result(UnitsCsv.toCsv(bulk.exportUnits(), mapper));
            default -> throw ApiException.invalid(Map.of("format", "Must be json or csv."));
        }
    }

    void importUnits(Context ctx) {
        boolean csv = CSV_BODY.accepts(ctx.header(RequestBodyTypes.CONTENT_TYPE));
        ImportReport report = run(csv ? null : json(ctx.body()), csv ? ctx.body() : null,
                "true".equalsIgnoreCase(ctx.queryParam("dryRun")));
        if (report instanceof ImportReport.Imported imported) {
            ctx.json(Map.of("created", imported.created(), "updated", imported.updated()));
        } else {
            ctx.status(400).json(rejected((ImportReport.Rejected) report));
        }
    }

    /** The import screen: export links, an upload form and, after an upload, what became of it. */
    void page(Context ctx) {
        ctx.html(AdminLayout.page("Import and export", ImportExportPage.BREADCRUMB, AdminPageAccess.session(ctx),
                ImportExportPage.content(AdminPageAccess.session(ctx), null, null)));
    }

    void upload(Context ctx) {
        UploadedFile file = ctx.uploadedFile(FILE_FIELD);
        String text;
        String error = null;
        ImportReport report = null;
        if (file == null || file.size() == 0) {
            error = "Choose a CSV or JSON file to import.";
        } else {
            try (InputStream in = file.content()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            boolean json = text.stripLeading().startsWith("{");
            try {
                report = run(json ? json(text) : null, json ? null : text, ctx.formParam(CHECK_ONLY_FIELD) != null);
            } catch (ApiException e) {
                error = e.body().fields().values().stream().findFirst().orElse(e.getMessage());
            }
        }
        ctx.status(report instanceof ImportReport.Imported || report == null && error == null ? 200 : 400);
        ctx.html(AdminLayout.page("Import and export", ImportExportPage.BREADCRUMB, AdminPageAccess.session(ctx),
                ImportExportPage.content(AdminPageAccess.session(ctx), report, error)));
    }

    private ImportReport run(JsonNode json, String csv, boolean dryRun) {
        if (json != null) {
            return bulk.importUnits(UnitsFile.fromJson(json), dryRun);
        }
        UnitsCsv.CsvRows rows = UnitsCsv.fromCsv(csv);
        if (rows.refused() != null) {
            return rows.refused();
        }
        return bulk.importUnits(rows.rows(), dryRun);
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not JSON");
        }
    }

    static Map<String, Object> rejected(ImportReport.Rejected report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid input: nothing was imported");
        body.put("rows", report.rows().stream().map(r -> Map.of("row", r.row(), "fields", r.fields())).toList());
        return body;
    }
}
