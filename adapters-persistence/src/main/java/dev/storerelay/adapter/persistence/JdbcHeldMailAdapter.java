package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.HeldMailPort;
import dev.storerelay.application.port.out.RetryDeferredMailPort;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.UnitId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes waiting mail due now: held mail once its store may have an SMTP server, deferred mail of stores after a change
 * that may let it go.
 */
final class JdbcHeldMailAdapter implements HeldMailPort, RetryDeferredMailPort {
    /** Stores named in one statement at most, so that a chain's whole tree does not make one huge IN list. */
    private static final int MAX_STORES_PER_STATEMENT = 500;

    /** Held messages released in one transaction at most, so that a long hold ends in short transactions. */
    private static final int RELEASE_BATCH = 1000;

    private final Database database;

    JdbcHeldMailAdapter(Database database) {
        this.database = database;
    }

    @Override
    public int releaseHeld(Instant now) {
        int released = 0;
        for (int batch; (batch = releaseHeldBatch(now)) > 0; ) {
            released += batch;
            if (batch < RELEASE_BATCH) {
                break;
            }
        }
        return released;
    }

    /**
     * Releases up to {@link #RELEASE_BATCH} held messages in one transaction and counts their stores' waiting mail
     * again. The rows are locked first and changed by id, so the stores counted are exactly those whose mail moved.
     */
    private int releaseHeldBatch(Instant now) {
        return Jdbc.inTransaction(database, "release held messages", connection -> {
            List<Long> ids = new ArrayList<>();
            Set<String> stores = new HashSet<>();
            // status HELD goes with held (AttemptUpdates.updateMessage): the status index finds them
            try (PreparedStatement select = connection.prepareStatement("SELECT id, store_id FROM messages "
                    + "WHERE status = ? AND held = TRUE AND next_attempt_at IS NOT NULL ORDER BY id LIMIT ? FOR UPDATE")) {
                select.setString(1, MessageStatus.HELD.name());
                select.setInt(2, RELEASE_BATCH);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                        stores.add(rows.getString(2));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET held = FALSE, status = ?, next_attempt_at = " + QueueRows.DUE_NOW_UNLESS_LEASED
                            + " WHERE id IN " + SqlValues.placeholders(ids.size()))) {
                update.setString(1, MessageStatus.QUEUED.name());
                SqlValues.setInstant(update, 2, now);
                SqlValues.setInstant(update, 3, now);
                SqlValues.bindIds(update, 4, ids);
                update.executeUpdate();
            }
            StoreSummaries.recount(connection, stores);
            return ids.size();
        });
    }

    @Override
    public int retryDeferred(Set<UnitId> stores, Instant now) {
        List<String> ids = stores.stream().map(UnitId::value).sorted().toList();
        int retried = 0;
        for (int from = 0; from < ids.size(); from += MAX_STORES_PER_STATEMENT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_STORES_PER_STATEMENT));
            retried += Jdbc.withConnection(database, "retry the deferred mail of " + chunk.size() + " store(s)", connection -> {
                // idx_messages_status finds the queued messages. A leased one is left out, not merely kept at its
                // lease's end: the driver counts the rows a statement matches, and only moved ones are retried.
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE messages SET next_attempt_at = ? WHERE status = ? AND held = FALSE AND next_attempt_at > ?"
                                + " AND (lease_until IS NULL OR lease_until <= ?) AND store_id IN " + SqlValues.placeholders(chunk.size()))) {
                    SqlValues.setInstant(update, 1, now);
                    update.setString(2, MessageStatus.QUEUED.name());
                    SqlValues.setInstant(update, 3, now);
                    SqlValues.setInstant(update, 4, now);
                    for (int i = 0; i < chunk.size(); i++) {
                        update.setString(5 + i, chunk.get(i));
                    }
                    return update.executeUpdate();
                }
            });
        }
        return retried;
    }

    @Override
    public Set<UnitId> storesWithHeldMail() {
        return Jdbc.withConnection(database, "find the stores with held mail", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT store_id FROM messages WHERE status = ? AND held = TRUE")) {
                select.setString(1, MessageStatus.HELD.name());
                Set<UnitId> stores = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        stores.add(UnitId.of(rows.getString(1)));
                    }
                }
                return stores;
            }
        });
    }
}
