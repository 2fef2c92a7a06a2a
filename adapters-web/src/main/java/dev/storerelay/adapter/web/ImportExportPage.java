package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.BulkUnitsUseCase.ImportReport;
import dev.storerelay.application.port.in.BulkUnitsUseCase.RowError;

import java.util.List;
import java.util.Map;

/** The Import and export screen: download every unit, or upload a file that creates or updates many at once. */
final class ImportExportPage {
    static final List<String> BREADCRUMB = List.of("Setup", "Units", "Import and export");

    private ImportExportPage() {
    }

    /**
     * @param report what an upload did; {@code null} before one
     * @param error  why an upload could not be read; {@code null} otherwise
     */
    static Html content(AdminSessions.Session session, ImportReport report, String error) {
        Html h = new Html();
        AdminLayout.notice(h, error, true);
        if (report instanceof ImportReport.Imported imported) {
            AdminLayout.notice(h, "Imported: " + imported.created() + " unit(s) created, " + imported.updated()
                    + " updated.", false);
        } else if (report instanceof ImportReport.Rejected rejected) {
            rejected(h, rejected.rows());
        }
        h.el("h2", "Export");
        h.open("p").text("Every unit with its SMTP settings, routing and limits; passwords and other secrets are "
                + "never exported. ")
                .el("a", "Download CSV", "href", "/api/export?format=csv", "download", "store-relay-units.csv").text(" · ")
                .el("a", "Download JSON", "href", "/api/export?format=json", "download", "store-relay-units.json")
                .close("p");
        h.el("h2", "Import");
        h.el("p", "A CSV file as the export writes it (a header row, a row per unit; columns you leave out stay as "
                + "they are) or a JSON file {\"units\": [...]}. Units are created or updated by id. Every row is "
                + "checked first: if one is wrong, nothing is imported and each wrong row is listed. A secret column "
                + "(smtp.password, smtp.oauth2.clientSecret, …) left empty keeps the stored secret.");
        h.open("form", "method", "post", "action", BulkRoutes.PAGE, "enctype", "multipart/form-data");
        AdminLayout.csrf(h, session);
        h.open("p").el("label", "File", "for", "import-file")
                .open("input", "type", "file", "id", "import-file", "name", "file", "accept", ".csv,.json,text/csv,application/json",
                        "required", "required")
                .close("p");
        h.open("p").open("label").open("input", "type", "checkbox", "name", "checkOnly", "value", "on")
                .text(" Check only (import nothing)").close("label").close("p");
        h.el("button", "Import", "type", "submit");
        h.close("form");
        return h;
    }

    private static void rejected(Html h, List<RowError> rows) {
        AdminLayout.notice(h, "Nothing was imported: " + rows.size() + " row(s) are wrong. Correct them and import "
                + "the file again.", true);
        h.open("table", "class", "import-errors").open("thead").open("tr").el("th", "Row").el("th", "Field")
                .el("th", "Problem").close("tr").close("thead").open("tbody");
        for (RowError row : rows) {
            for (Map.Entry<String, String> field : row.fields().entrySet()) {
                h.open("tr").el("td", Integer.toString(row.row())).el("td", field.getKey()).el("td", field.getValue())
                        .close("tr");
            }
        }
        h.close("tbody").close("table");
    }
}
