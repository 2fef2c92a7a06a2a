package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.domain.model.RefusedSubmission;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

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
        Jdbc.inTransaction(database, "record refused submissions", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO refused_submissions (" + COLUMNS
                    + ") VALUES " + String.join(", ", Collections.nCopies(refusals.size(), "(?, ?, ?, ?, ?, ?, ?, ?)")))) {
                int index = 1;
                for (RefusedSubmission refusal : refusals) {
                    Jdbc.setInstant(insert, index++, refusal.at());
                    insert.setString(index++, refusal.clientAddress());
                    Jdbc.setNullableString(insert, index++, refusal.clientName());
                    Jdbc.setNullableString(insert, index++, refusal.mailFrom());
                    insert.setString(index++, String.join(RECIPIENT_SEPARATOR, refusal.recipients()));
                    insert.setInt(index++, refusal.reply().code());
                    Jdbc.setNullableString(insert, index++, refusal.reply().enhancedCode());
                    insert.setString(index++, refusal.reply().text());
                }
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<RefusedSubmission> newestFirst(int limit, int offset) {
        return Jdbc.withConnection(database, "read refused submissions", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM refused_submissions ORDER BY at DESC, id DESC LIMIT ? OFFSET ?")) {
                select.setInt(1, limit);
                select.setInt(2, offset);
                List<RefusedSubmission> refusals = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        refusals.add(refusal(rows));
                    }
                }
                return refusals;
            }
        });
    }

    private static RefusedSubmission refusal(ResultSet rows) throws SQLException {
        String recipients = rows.getString("recipients");
        return new RefusedSubmission(Jdbc.getInstant(rows, "at"), rows.getString("client_address"),
                rows.getString("client_name"), rows.getString("mail_from"),
                recipients.isEmpty() ? List.of() : Arrays.asList(recipients.split(RECIPIENT_SEPARATOR)),
                new RefusedSubmission.Reply(rows.getInt("reply_code"), rows.getString("reply_enhanced_code"),
                        rows.getString("reply_text")));
    }

    @Override
    public int deleteBefore(Instant before) {
        return Jdbc.withConnection(database, "delete old refused submissions", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM refused_submissions WHERE at < ? ORDER BY at, id LIMIT " + DELETE_BATCH)) {
                Jdbc.setInstant(delete, 1, before);
                return deleteInBatches(delete);
            }
        });
    }

    @Override
    public int keepNewest(int count) {
        return Jdbc.withConnection(database, "delete the oldest refused submissions", connection -> {
            Boundary newestDeleted = boundary(connection, count);
            if (newestDeleted == null) {
                return 0;
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM refused_submissions "
                    + "WHERE at < ? OR (at = ? AND id <= ?) ORDER BY at, id LIMIT " + DELETE_BATCH)) {
                Jdbc.setInstant(delete, 1, newestDeleted.at());
                Jdbc.setInstant(delete, 2, newestDeleted.at());
                delete.setLong(3, newestDeleted.id());
                return deleteInBatches(delete);
            }
        });
    }

    /** The newest row past the first {@code count}, newest first: the newest to go; {@code null} when none is. */
    private static Boundary boundary(Connection connection, int count) throws SQLException {
        // Reads at most count + 1 entries of the index (at, id), not the rows.
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT at, id FROM refused_submissions ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?")) {
            select.setInt(1, count);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new Boundary(Jdbc.getInstant(rows, "at"), rows.getLong("id")) : null;
            }
        }
    }

    private record Boundary(Instant at, long id) {
    }

    /** Runs the delete (autocommit: each batch its own transaction) until a batch finds less than a full one. */
    private static int deleteInBatches(PreparedStatement delete) throws SQLException {
        int deleted = 0;
        int batch;
        do {
            batch = delete.executeUpdate();
            deleted += batch;
        } while (batch == DELETE_BATCH);
        return deleted;
    }
}
