package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.LoadStoresOverviewPort;
import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreOutcome;
import dev.storerelay.domain.model.UnitId;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The stores overview's reads: whole small tables, and for a page of stores a few entries of one index each. */
final class JdbcStoresOverviewAdapter implements LoadStoresOverviewPort {
    private final Database database;

    JdbcStoresOverviewAdapter(Database database) {
        this.database = database;
    }

    @Override
    public Map<UnitId, OwnServer> ownServers() {
        return Jdbc.withHandle(database, "read the units' servers", handle -> handle
                .createQuery("SELECT unit_id, server_address, port, secure_socket_options, login, oauth2_provider "
                        + "FROM unit_settings WHERE server_address IS NOT NULL")
                .map((rows, context) -> {
                    int port = rows.getInt("port");
                    Integer explicitPort = rows.wasNull() ? null : port;
                    return Map.entry(UnitId.of(rows.getString("unit_id")), new OwnServer(rows.getString("server_address"),
                            explicitPort,
                            SecureSocketOptions.valueOf(rows.getString("secure_socket_options")),
                            rows.getString("oauth2_provider") == null ? AuthenticationMethod.PASSWORD : AuthenticationMethod.OAUTH2,
                            rows.getString("login") != null));
                })
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Override
    public Map<UnitId, StoreMail> storeMail(Instant failedSince) {
        return Jdbc.withHandle(database, "read the store summaries", handle -> {
            Map<UnitId, StoreMail> mail = handle.createQuery("SELECT * FROM store_summaries")
                    .map((rows, context) -> {
                        String outcome = rows.getString("last_outcome");
                        // A count never goes below zero for the admin, even if the rows were edited by hand.
                        return Map.entry(UnitId.of(rows.getString("store_id")), new StoreMail(Math.max(0, rows.getInt("queued")),
                                Math.max(0, rows.getInt("deferred")), Math.max(0, rows.getInt("held")), 0,
                                outcome == null ? null : StoreOutcome.valueOf(outcome),
                                outcome == null ? null : SqlValues.getInstant(rows, "last_outcome_at"),
                                SqlValues.getInstant(rows, "last_outcome_since"), Math.max(0, rows.getInt("failures_in_a_row")),
                                SqlValues.getInstant(rows, "failing_since"), rows.getString("last_reply")));
                    })
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, HashMap::new));
            // The hour that began before failedSince counts whole: an hour's bucket cannot be split.
            handle.createQuery("SELECT store_id, SUM(failed) FROM store_failed_hours WHERE hour >= ? GROUP BY store_id")
                    .bind(0, failedSince.truncatedTo(ChronoUnit.HOURS))
                    .map((rows, context) -> Map.entry(UnitId.of(rows.getString(1)), rows.getInt(2)))
                    .forEach(failed -> mail.compute(failed.getKey(),
                            (s, known) -> (known == null ? StoreMail.NONE : known).withFailed24h(failed.getValue())));
            return mail;
        });
    }

    /**
     * The first message id per store of the waiting statuses, QUEUED then HELD, for {@code stores} stores each; its
     * parameters are a status followed by the store ids, twice.
     */
    static String firstWaitingSql(int stores) {
        String perStatus = "SELECT MIN(id) FROM messages WHERE status = ? AND store_id IN " + SqlValues.placeholders(stores)
                + " GROUP BY store_id";
        return perStatus + " UNION ALL " + perStatus;
    }

    @Override
    public Map<UnitId, Instant> oldestWaiting(Set<UnitId> stores) {
        if (stores.isEmpty()) {
            return Map.of();
        }
        List<String> ids = stores.stream().map(UnitId::value).sorted().toList();
        return Jdbc.withHandle(database, "find the oldest waiting mail of " + ids.size() + " store(s)", handle -> {
            // Per status and store the first entry of idx_messages_store_status (a loose index scan), then those rows.
            Query first = handle.createQuery(firstWaitingSql(ids.size()));
            int index = 0;
            for (MessageStatus status : List.of(MessageStatus.QUEUED, MessageStatus.HELD)) {
                first.bind(index++, status.name());
                for (String id : ids) {
                    first.bind(index++, id);
                }
            }
            List<Long> firsts = first.mapTo(Long.class).list();
            if (firsts.isEmpty()) {
                return Map.of();
            }
            return handle.createQuery("SELECT store_id, received_at FROM messages WHERE id IN (<ids>)")
                    .bindList("ids", firsts)
                    .map((rows, context) -> Map.entry(UnitId.of(rows.getString(1)), SqlValues.getInstant(rows, "received_at")))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a.isBefore(b) ? a : b));
        });
    }
}
