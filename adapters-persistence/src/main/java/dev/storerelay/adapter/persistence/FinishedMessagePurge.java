package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.PurgeMessagesPort;
import dev.storerelay.domain.model.MessageStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes finished messages (delivered, failed, expired) with their recipients, attempts and chunks once they
 * finished before a given time; pending mail is never deleted.
 */
final class FinishedMessagePurge implements PurgeMessagesPort {
    private static final List<String> FINAL = List.of(MessageStatus.DELIVERED.name(), MessageStatus.FAILED.name(),
            MessageStatus.EXPIRED.name());
    /** Messages looked at per round trip, and deleted per transaction at most, when old ones are deleted. */
    private static final int PURGE_BATCH = 500;

    private final Database database;

    FinishedMessagePurge(Database database) {
        this.database = database;
    }

    @Override
    public int deleteFinishedBefore(Instant before) {
        deleteFailedHoursBefore(before);
        // Walks the table in id order, which is the order messages came in, and stops at the first message received
        // since: no index beyond the primary key is needed, and once old mail has been deleted a walk reads only the
        // few old messages that are kept (still pending, or finished only lately) and one batch.
        int deleted = 0;
        for (long after = 0; ; ) {
            PurgeBatch batch = nextPurgeBatch(after, before);
            if (!batch.finished().isEmpty()) {
                deleted += deleteIfStillFinished(batch.finished(), before);
            }
            if (batch.reachedRecent() || batch.last() == after) {
                return deleted;
            }
            after = batch.last();
        }
    }

    /** The stores overview's failure counts of hours as old as the messages deleted: the overview reads only a day. */
    private void deleteFailedHoursBefore(Instant before) {
        Jdbc.withHandle(database, "delete old failure counts", handle -> handle
                .createUpdate("DELETE FROM store_failed_hours WHERE hour < ?")
                .bind(0, before)
                .execute());
    }

    /** Messages after id {@code after}: the finished ones among them, the last id looked at, whether a recent one came. */
    private record PurgeBatch(List<Long> finished, long last, boolean reachedRecent) {
    }

    private record Scanned(long id, String status, Instant receivedAt, Instant changed) {
    }

    private PurgeBatch nextPurgeBatch(long after, Instant before) {
        // The driver reads a result set whole anyway: one batch is mapped first, then walked.
        List<Scanned> scanned = Jdbc.withHandle(database, "find finished messages", handle -> handle
                .createQuery("SELECT id, status, received_at, COALESCE(last_attempt_at, received_at) AS changed "
                        + "FROM messages WHERE id > ? ORDER BY id LIMIT " + PURGE_BATCH)
                .bind(0, after)
                .map((rows, context) -> new Scanned(rows.getLong("id"), rows.getString("status"),
                        SqlValues.getInstant(rows, "received_at"), SqlValues.getInstant(rows, "changed")))
                .list());
        List<Long> finished = new ArrayList<>();
        long last = after;
        for (Scanned message : scanned) {
            if (!message.receivedAt().isBefore(before)) {
                return new PurgeBatch(finished, last, true);
            }
            last = message.id();
            if (FINAL.contains(message.status()) && message.changed().isBefore(before)) {
                finished.add(last);
            }
        }
        return new PurgeBatch(finished, last, false);
    }

    /** Deletes those of the messages that are still finished before {@code before} (a retry may have come between). */
    private int deleteIfStillFinished(List<Long> ids, Instant before) {
        // One statement, atomic on its own; recipients, attempts and chunks go with their message (ON DELETE CASCADE).
        return Jdbc.withHandle(database, "delete finished messages", handle -> handle
                .createUpdate("DELETE FROM messages WHERE id IN (<ids>) AND status IN (<final>) "
                        + "AND COALESCE(last_attempt_at, received_at) < :before")
                .bindList("ids", ids)
                .bindList("final", FINAL)
                .bind("before", before)
                .execute());
    }
}
