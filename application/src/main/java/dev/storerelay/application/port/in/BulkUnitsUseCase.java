package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.UnitSettings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Export and import of many units at once: their names, places, SMTP settings, routing and limits. */
public interface BulkUnitsUseCase {

    /** Every unit with what it sets itself, parents before their children. Secrets stay inside: the caller drops them. */
    List<UnitExport> exportUnits();

    /**
     * Creates or updates the units by id, all of them or none: every row is checked as the single-unit calls check it
     * (a row may name a parent that a later row creates), and if any is wrong nothing is written and every wrong row
     * is reported with its fields. Rows that come with {@code parseErrors} are reported with those too.
     *
     * @param dryRun check only: nothing is written even when every row is right
     */
    ImportReport importUnits(List<UnitImport> rows, boolean dryRun);

    /** A unit and what it sets itself; {@code null} where it sets nothing. */
    record UnitExport(OrgUnit unit, UnitSettings settings, UnitRouting routing, RateLimit rateLimit,
                      ConnectionLimit connectionLimit) {
    }

    /**
     * One unit to create or update.
     *
     * @param row         how the file names this row in reports (an index, a line number)
     * @param smtp        the unit's own SMTP settings as {@code PUT /api/units/{id}/smtp} takes them (secrets omitted
     *                    are kept); {@link Section#unchanged()} keeps them, a {@code null} value clears them
     * @param routing     replaces the unit's sender patterns and client networks; {@code null} value: none
     * @param limits      replaces the unit's own limits; {@code null} value or fields: inherited
     * @param parseErrors problems the reader of the file found in this row, by field
     */
    record UnitImport(int row, UnitId id, String name, UnitId parentId, Section<SmtpSettingsForm> smtp,
                      Section<RoutingLists> routing, Section<Limits> limits, Map<String, String> parseErrors) {
        public UnitImport {
            Objects.requireNonNull(smtp, "smtp");
            Objects.requireNonNull(routing, "routing");
            Objects.requireNonNull(limits, "limits");
            parseErrors = Collections.unmodifiableMap(new LinkedHashMap<>(parseErrors));
        }
    }

    /** A part of a unit an import may leave as it is, or set ({@code value} {@code null}: set to nothing). */
    record Section<T>(boolean given, T value) {
        private static final Section<?> UNCHANGED = new Section<>(false, null);

        @SuppressWarnings("unchecked")
        public static <T> Section<T> unchanged() {
            return (Section<T>) UNCHANGED;
        }

        public static <T> Section<T> of(T value) {
            return new Section<>(true, value);
        }
    }

    record RoutingLists(List<String> senderPatterns, List<String> clientNetworks) {
        public RoutingLists {
            senderPatterns = List.copyOf(senderPatterns);
            clientNetworks = List.copyOf(clientNetworks);
        }
    }

    record Limits(Integer messagesPerMinute, Integer maxConnections) {
    }

    /** What an import did, or why it did nothing. */
    sealed interface ImportReport {
        /** Every row was right; {@code created} + {@code updated} units (on a dry run, would have been). */
        record Imported(int created, int updated) implements ImportReport {
        }

        /** Nothing was written; the wrong rows, in file order. */
        record Rejected(List<RowError> rows) implements ImportReport {
            public Rejected {
                rows = List.copyOf(rows);
            }
        }
    }

    /** A wrong row: a message per field ({@code name}, {@code smtp.port}, {@code routing.clientNetworks[1]}, …). */
    record RowError(int row, Map<String, String> fields) {
        public RowError {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }
}
