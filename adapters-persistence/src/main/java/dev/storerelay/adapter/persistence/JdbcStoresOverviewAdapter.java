package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.LoadStoresOverviewPort;
import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreOutcome;
import dev.storerelay.domain.model.UnitId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The stores overview's reads: whole small tables, and for a page of stores a few entries of one index each. */
final class JdbcStoresOverviewAdapter implements LoadStoresOverviewPort {
    private final Database database;

    JdbcStoresOverviewAdapter(Database database) {
        this.database = database;
    }

    @Override
    public Map<UnitId, OwnServer> ownServers() {
        return Jdbc.withConnection(database, "read the units' servers", connection -> {
            Map<UnitId, OwnServer> servers = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT unit_id, server_address, port, "
                    + "secure_socket_options, login, oauth2_provider FROM unit_settings WHERE server_address IS NOT NULL");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int port = rows.getInt("port");
                    Integer explicitPort = rows.wasNull() ? null : port;
                    servers.put(UnitId.of(rows.getString("unit_id")), new OwnServer(rows.getString("server_address"),
                            explicitPort,
                            SecureSocketOptions.valueOf(rows.getString("secure_socket_options")),
                            rows.getString("oauth2_provider") == null ? AuthenticationMethod.PASSWORD : AuthenticationMethod.OAUTH2,
                            rows.getString("login") != null));
                }
            }
            return servers;
        });
    }

    @Override
    public Map<UnitId, StoreMail> storeMail(Instant failedSince) {
        return Jdbc.withConnection(database, "read the store summaries", connection -> {
            Map<UnitId, StoreMail> mail = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM store_summaries");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String outcome = rows.getString("last_outcome");
                    // A count never goes below zero for the admin, even if the rows were edited by hand.
                    mail.put(UnitId.of(rows.getString("store_id")), new StoreMail(Math.max(0, rows.getInt("queued")),
                            Math.max(0, rows.getInt("deferred")), Math.max(0, rows.getInt("held")), 0,
                            outcome == null ? null : StoreOutcome.valueOf(outcome),
                            outcome == null ? null : Jdbc.getInstant(rows, "last_outcome_at"),
                            Jdbc.getInstant(rows, "last_outcome_since"), Math.max(0, rows.getInt("failures_in_a_row")),
                            Jdbc.getInstant(rows, "failing_since"), rows.getString("last_reply")));
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT store_id, SUM(failed) FROM store_failed_hours WHERE hour >= ? GROUP BY store_id")) {
                // The hour that began before failedSince counts whole: an hour's bucket cannot be split.
                Jdbc.setInstant(select, 1, failedSince.truncatedTo(java.time.temporal.ChronoUnit.HOURS));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        UnitId store = UnitId.of(rows.getString(1));
                        int failed = rows.getInt(2);
                        mail.compute(store, (s, known) -> (known == null ? StoreMail.NONE : known).withFailed24h(failed));
                    }
                }
            }
            return mail;
        });
    }

    /**
     * The first message id per store of the waiting statuses, QUEUED then HELD, for {@code stores} stores each; its
     * parameters are a status followed by the store ids, twice.
     */
    static String firstWaitingSql(int stores) {
        String perStatus = "SELECT MIN(id) FROM messages WHERE status = ? AND store_id IN " + Jdbc.placeholders(stores)
                + " GROUP BY store_id";
        return perStatus + " UNION ALL " + perStatus;
    }

    @Override
    public Map<UnitId, Instant> oldestWaiting(Set<UnitId> stores) {
        if (stores.isEmpty()) {
            return Map.of();
        }
        List<String> ids = stores.stream().map(UnitId::value).sorted().toList();
        return Jdbc.withConnection(database, "find the oldest waiting mail of " + ids.size() + " store(s)", connection -> {
            // Per status and store the first entry of idx_messages_store_status (a loose index scan), then those rows.
            List<Long> firsts = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(firstWaitingSql(ids.size()))) {
                int index = 1;
                for (MessageStatus status : List.of(MessageStatus.QUEUED, MessageStatus.HELD)) {
                    select.setString(index++, status.name());
                    for (String id : ids) {
                        select.setString(index++, id);
                    }
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        firsts.add(rows.getLong(1));
                    }
                }
            }
            Map<UnitId, Instant> oldest = new HashMap<>();
            if (firsts.isEmpty()) {
                return oldest;
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT store_id, received_at FROM messages WHERE id IN " + Jdbc.placeholders(firsts.size()))) {
                Jdbc.bindIds(select, 1, firsts);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        oldest.merge(UnitId.of(rows.getString(1)), Jdbc.getInstant(rows, "received_at"),
                                (a, b) -> a.isBefore(b) ? a : b);
                    }
                }
            }
            return oldest;
        });
    }
}
