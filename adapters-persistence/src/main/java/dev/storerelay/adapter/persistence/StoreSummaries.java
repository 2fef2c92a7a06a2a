package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.StoreOutcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-store rows of the stores overview (tables {@code store_summaries} and {@code store_failed_hours}), written by
 * the writers of messages inside their own transactions so that the counts move exactly as the mail does. Statements
 * name the stores in sorted order: two transactions lock summary rows in the same order and never wait for each other
 * in a circle; and every writer has locked (or inserted) its messages before it comes here.
 *
 * <p>Plain JDBC: its statements are parts of the writers' scripts and run on their connections, in their transactions.
 */
final class StoreSummaries {
    static final int MAX_REPLY_LENGTH = 1000;

    private StoreSummaries() {
    }

    /** Which count of {@code store_summaries} a message is in. */
    enum Bucket {
        QUEUED, DEFERRED, HELD, NONE;

        /** @param tried whether an upstream was asked at least once */
        static Bucket of(String status, boolean tried) {
            if (MessageStatus.QUEUED.name().equals(status)) {
                return tried ? DEFERRED : QUEUED;
            }
            return MessageStatus.HELD.name().equals(status) ? HELD : NONE;
        }
    }

    /** A statement of a script with its parameters, in order. */
    record Statement(String sql, List<Object> parameters) {
    }

    /** The statement of an insert script that counts {@code stores} (one entry per queued message) as queued. */
    static Statement countQueued(Collection<String> stores) {
        SortedMap<String, Integer> perStore = new TreeMap<>();
        stores.forEach(store -> perStore.merge(store, 1, Integer::sum));
        List<Object> parameters = new ArrayList<>(2 * perStore.size());
        perStore.forEach((store, count) -> {
            parameters.add(store);
            parameters.add(count);
        });
        return new Statement("INSERT INTO store_summaries (store_id, queued) VALUES "
                + String.join(", ", Collections.nCopies(perStore.size(), "(?, ?)"))
                + " ON DUPLICATE KEY UPDATE queued = queued + VALUES(queued)", parameters);
    }

    /** What a group of recorded attempts does to the rows of their stores, gathered before it is written. */
    static final class Changes {
        private final SortedMap<String, StoreChange> stores = new TreeMap<>();
        private final SortedMap<String, SortedMap<Instant, Integer>> failedHours = new TreeMap<>();

        /**
         * One recorded attempt: the message moves from the count it was in to the one it is in now, and the store's
         * outcome follows the attempt. Attempts of one store are given in the order they happened.
         */
        void recorded(String store, String statusBefore, int attemptsBefore, DeliveryAttempt attempt, MessageStatus status) {
            StoreChange change = stores.computeIfAbsent(store, s -> new StoreChange());
            change.move(Bucket.of(statusBefore, attemptsBefore > 0),
                    Bucket.of(status.name(), attemptsBefore > 0 || attempt.counts()));
            change.outcome(attempt, status);
            boolean endedNow = !MessageStatus.valueOf(statusBefore).isFinal();
            if (endedNow && (status == MessageStatus.FAILED || status == MessageStatus.EXPIRED)) {
                failedHours.computeIfAbsent(store, s -> new TreeMap<>())
                        .merge(attempt.at().truncatedTo(ChronoUnit.HOURS), 1, Integer::sum);
            }
        }

        boolean isEmpty() {
            return stores.isEmpty();
        }

        /** Adds the statements of these changes to a script, their parameters to {@code parameters}. */
        void addTo(StringJoiner statements, List<Object> parameters) {
            stores.forEach((store, change) -> change.addTo(store, statements, parameters));
            failedHours.forEach((store, hours) -> hours.forEach((hour, failed) -> {
                statements.add("INSERT INTO store_failed_hours (store_id, hour, failed) VALUES (?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE failed = failed + VALUES(failed)");
                parameters.addAll(List.of(store, hour, failed));
            }));
        }
    }

    /** One store's part of a group: count deltas and the outcome as the group's last attempts leave it. */
    private static final class StoreChange {
        private int queued;
        private int deferred;
        private int held;
        private StoreOutcome outcome;
        private Instant outcomeAt;
        /** The first attempt of the run of equal outcomes the group ends with. */
        private Instant runStart;
        /** Whether every attempt of the group had that outcome, so a run the stored row began goes on. */
        private boolean runCoversGroup = true;
        private boolean delivered;
        private int failures;
        private Instant firstFailure;
        private String reply;

        void move(Bucket from, Bucket to) {
            if (from != to) {
                add(from, -1);
                add(to, 1);
            }
        }

        private void add(Bucket bucket, int delta) {
            switch (bucket) {
                case QUEUED -> queued += delta;
                case DEFERRED -> deferred += delta;
                case HELD -> held += delta;
                case NONE -> { }
            }
        }

        void outcome(DeliveryAttempt attempt, MessageStatus status) {
            StoreOutcome now = StoreOutcome.of(attempt.held(), attempt.counts(), status);
            if (now != outcome) {
                runCoversGroup = outcome == null;
                runStart = attempt.at();
                outcome = now;
            }
            outcomeAt = attempt.at();
            if (!attempt.counts()) {
                return;
            }
            reply = mainReply(attempt);
            if (attempt.outcomes().stream().anyMatch(o -> o.status() == RecipientStatus.DELIVERED)) {
                delivered = true;
                failures = 0;
                firstFailure = null;
            } else {
                failures++;
                if (firstFailure == null) {
                    firstFailure = attempt.at();
                }
            }
        }

        /**
         * One upsert. A new row starts from zero, so its values are the deltas and the group's outcome. An existing
         * row: {@code last_outcome_since} is assigned before {@code last_outcome}, since MariaDB assigns left to right
         * and the run goes on only while the stored outcome is the group's.
         */
        void addTo(String store, StringJoiner statements, List<Object> parameters) {
            statements.add("INSERT INTO store_summaries (store_id, queued, deferred, held, last_outcome, last_outcome_at, "
                    + "last_outcome_since, failures_in_a_row, failing_since, last_reply) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON DUPLICATE KEY UPDATE queued = queued + VALUES(queued), deferred = deferred + VALUES(deferred), "
                    + "held = held + VALUES(held), "
                    + "last_outcome_since = IF(? AND last_outcome <=> VALUES(last_outcome), last_outcome_since, VALUES(last_outcome_since)), "
                    + "last_outcome = VALUES(last_outcome), last_outcome_at = VALUES(last_outcome_at), "
                    + "failing_since = IF(?, VALUES(failing_since), COALESCE(failing_since, VALUES(failing_since))), "
                    + "failures_in_a_row = IF(?, 0, failures_in_a_row) + VALUES(failures_in_a_row), "
                    + "last_reply = COALESCE(VALUES(last_reply), last_reply)");
            parameters.addAll(Arrays.asList(store, queued, deferred, held, outcome.name(), outcomeAt, runStart,
                    failures, firstFailure, reply, runCoversGroup, delivered, delivered));
        }
    }

    /** The reply that says most about the attempt: the first recipient's not delivered, else the first one's. */
    private static String mainReply(DeliveryAttempt attempt) {
        String shown = attempt.outcomes().stream().filter(o -> o.status() != RecipientStatus.DELIVERED).findFirst()
                .or(() -> attempt.outcomes().stream().findFirst())
                .map(RecipientOutcome::reply).map(Object::toString).orElse(attempt.summary());
        return shown.length() <= MAX_REPLY_LENGTH ? shown : shown.substring(0, MAX_REPLY_LENGTH);
    }

    /** Counts the waiting messages of {@code stores} stores by status and whether they were tried. */
    static String countWaitingSql(int stores) {
        return "SELECT store_id, status, attempts > 0 AS tried, COUNT(*) AS n FROM messages WHERE store_id IN "
                + SqlValues.placeholders(stores) + " AND status IN ('QUEUED', 'HELD') GROUP BY store_id, status, tried";
    }

    /**
     * Counts the waiting mail of {@code stores} again, after a change the writer does not follow message by message
     * (held mail released, an admin's retry or discard). In the caller's transaction, after its changes: the summary
     * rows are locked first, so a writer that changed a store's mail and its row has committed before the count is
     * read, and one that has not yet reached the row adds its delta to the new count afterwards.
     */
    static void recount(Connection connection, Collection<String> stores) throws SQLException {
        List<String> sorted = new ArrayList<>(new TreeSet<>(stores));
        if (sorted.isEmpty()) {
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement("INSERT INTO store_summaries (store_id) VALUES "
                + String.join(", ", Collections.nCopies(sorted.size(), "(?)"))
                + " ON DUPLICATE KEY UPDATE store_id = store_id")) {
            for (int i = 0; i < sorted.size(); i++) {
                lock.setString(i + 1, sorted.get(i));
            }
            lock.executeUpdate();
        }
        Map<String, int[]> counts = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(countWaitingSql(sorted.size()))) {
            for (int i = 0; i < sorted.size(); i++) {
                select.setString(i + 1, sorted.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Bucket bucket = Bucket.of(rows.getString("status"), rows.getBoolean("tried"));
                    counts.computeIfAbsent(rows.getString("store_id"), s -> new int[3])[bucket.ordinal()] += rows.getInt("n");
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE store_summaries SET queued = ?, deferred = ?, held = ? WHERE store_id = ?")) {
            for (String store : sorted) {
                int[] count = Objects.requireNonNullElseGet(counts.get(store), () -> new int[3]);
                update.setInt(1, count[Bucket.QUEUED.ordinal()]);
                update.setInt(2, count[Bucket.DEFERRED.ordinal()]);
                update.setInt(3, count[Bucket.HELD.ordinal()]);
                update.setString(4, store);
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
