package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.domain.model.RefusedSubmission;

import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The listener's refusals in table {@code refused_submissions}. Newest first is by time, then by id (arrival); the
 * index {@code (at, id)} serves the page, the age and the bound alike. Deletions go in batches, so that a large one
 * neither holds locks long nor grows the undo log.
 */
final class JdbcRefusedSubmissionsAdapter implements RefusedSubmissionsPort {
    private static final String COLUMNS = "at, client_address, client_name, mail_from, recipients, reply_code, "
            + "reply_enhanced_code, reply_text";
    private static final String RECIPIENT_SEPARATOR = "\n";
    /** Rows deleted per statement. */
    static final int DELETE_BATCH = 5_000;

    private final Database database;

    JdbcRefusedSubmissionsAdapter(Database database) {
        this.database = database;
    }

    @Override
    public void append(List<RefusedSubmission> refusals) {
        if (refusals.isEmpty()) {
            return;
        }
        // One multi-row INSERT: a single round trip for a whole batch of refusals.
        Jdbc.inHandleTransaction(database, "record refused submissions", handle -> {
            Update insert = handle.createUpdate("INSERT INTO refused_submissions (" + COLUMNS + ") VALUES "
                    + String.join(", ", Collections.nCopies(refusals.size(), "(?, ?, ?, ?, ?, ?, ?, ?)")));
            int index = 0;
            for (RefusedSubmission refusal : refusals) {
                insert.bind(index++, refusal.at())
                        .bind(index++, refusal.clientAddress())
                        .bind(index++, refusal.clientName())
                        .bind(index++, refusal.mailFrom())
                        .bind(index++, String.join(RECIPIENT_SEPARATOR, refusal.recipients()))
                        .bind(index++, refusal.reply().code())
                        .bind(index++, refusal.reply().enhancedCode())
                        .bind(index++, refusal.reply().text());
            }
            return insert.execute();
        });
    }

    @Override
    public List<RefusedSubmission> newestFirst(int limit, int offset) {
        return Jdbc.withHandle(database, "read refused submissions", handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM refused_submissions ORDER BY at DESC, id DESC LIMIT ? OFFSET ?")
                .bind(0, limit)
                .bind(1, offset)
                .map((rows, context) -> refusal(rows))
                .list());
    }

    private static RefusedSubmission refusal(ResultSet rows) throws SQLException {
        String recipients = rows.getString("recipients");
        return new RefusedSubmission(SqlValues.getInstant(rows, "at"), rows.getString("client_address"),
                rows.getString("client_name"), rows.getString("mail_from"),
                recipients.isEmpty() ? List.of() : Arrays.asList(recipients.split(RECIPIENT_SEPARATOR)),
                new RefusedSubmission.Reply(rows.getInt("reply_code"), rows.getString("reply_enhanced_code"),
                        rows.getString("reply_text")));
    }

    @Override
    public int deleteBefore(Instant before) {
        return Jdbc.withHandle(database, "delete old refused submissions", handle -> deleteInBatches(() -> handle
                .createUpdate("DELETE FROM refused_submissions WHERE at < ? ORDER BY at, id LIMIT " + DELETE_BATCH)
                .bind(0, before)));
    }

    @Override
    public int keepNewest(int count) {
        return Jdbc.withHandle(database, "delete the oldest refused submissions", handle -> {
            // The newest row past the first count, newest first, is the newest to go; it reads at most count + 1
            // entries of the index (at, id), not the rows.
            Optional<Boundary> newestDeleted = handle
                    .createQuery("SELECT at, id FROM refused_submissions ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?")
                    .bind(0, count)
                    .map((rows, context) -> new Boundary(SqlValues.getInstant(rows, "at"), rows.getLong("id")))
                    .findFirst();
            return newestDeleted.map(boundary -> deleteInBatches(() -> handle
                    .createUpdate("DELETE FROM refused_submissions WHERE at < :at OR (at = :at AND id <= :id) "
                            + "ORDER BY at, id LIMIT " + DELETE_BATCH)
                    .bind("at", boundary.at())
                    .bind("id", boundary.id()))).orElse(0);
        });
    }

    private record Boundary(Instant at, long id) {
    }

    /** Runs the delete (autocommit: each batch its own transaction) until a batch finds less than a full one. */
    private static int deleteInBatches(Supplier<Update> delete) {
        int deleted = 0;
        int batch;
        do {
            batch = delete.get().execute();
            deleted += batch;
        } while (batch == DELETE_BATCH);
        return deleted;
    }
}
