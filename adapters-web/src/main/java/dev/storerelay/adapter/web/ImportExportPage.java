package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.BulkUnitsUseCase.ImportReport;
import gg.jte.Content;

import java.util.List;

/**
 * The Import and export screen ({@code importExport.jte}): download every unit, or upload a file that creates or
 * updates many at once.
 */
final class ImportExportPage {
    static final List<String> BREADCRUMB = List.of("Setup", "Units", "Import and export");

    private ImportExportPage() {
    }

    /** One wrong field of a rejected upload's row. */
    record Row(int row, String field, String problem) {
    }

    /**
     * @param report what an upload did; {@code null} before one
     * @param error  why an upload could not be read; {@code null} otherwise
     */
    static Content content(AdminSessions.Session session, ImportReport report, String error) {
        String imported = report instanceof ImportReport.Imported done
                ? "Imported: " + done.created() + " unit(s) created, " + done.updated() + " updated." : null;
        List<Row> rejected = report instanceof ImportReport.Rejected refused
                ? refused.rows().stream().flatMap(r -> r.fields().entrySet().stream()
                        .map(field -> new Row(r.row(), field.getKey(), field.getValue()))).toList()
                : null;
        return Templates.content("importExport.jte", Templates.params("session", session, "error", error,
                "imported", imported, "rejectedRows", rejected,
                "wrongRows", report instanceof ImportReport.Rejected refused ? refused.rows().size() : 0));
    }
}
