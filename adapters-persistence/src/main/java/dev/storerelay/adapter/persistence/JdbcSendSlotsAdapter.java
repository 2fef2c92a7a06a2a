package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.policy.DeliveryPacer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Send slots in table {@code store_send_slots}, shared by every relay process on the database. A reservation is one
 * round trip: the store's row is moved on by one spacing (the {@link DeliveryPacer}'s rule: the slot is the later of
 * the next free one and now) and read back under its row lock, so two processes never get the same slot.
 *
 * <p>Plain JDBC: the reservation is a multi-statement script committed in one round trip
 * ({@link Jdbc#committedInOneRoundTrip}).
 */
final class JdbcSendSlotsAdapter implements SendSlotsPort {
    private static final String RESERVE = "INSERT INTO store_send_slots (store_id, next_free_us) VALUES (?, ?) "
            + "ON DUPLICATE KEY UPDATE next_free_us = GREATEST(next_free_us, ?) + ?;"
            + "SELECT next_free_us FROM store_send_slots WHERE store_id = ?";

    private final Database database;

    JdbcSendSlotsAdapter(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Instant reserve(UnitId store, RateLimit limit, Instant now) {
        long nowUs = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        long spacingUs = DeliveryPacer.spacing(limit).toNanos() / 1_000;
        long[] nextFree = new long[1];
        Jdbc.withConnection(database, "reserve a send slot for store " + store, connection -> {
            SqlScripts.committedInOneRoundTrip(connection, RESERVE, script -> {
                script.setString(1, store.value());
                script.setLong(2, nowUs + spacingUs);
                script.setLong(3, nowUs);
                script.setLong(4, spacingUs);
                script.setString(5, store.value());
            }, rows -> {
                if (rows.next()) {
                    nextFree[0] = rows.getLong(1);
                }
            });
            return null;
        });
        if (nextFree[0] == 0) {
            throw new IllegalStateException("no send slot row for store " + store);
        }
        return Instant.EPOCH.plus(nextFree[0] - spacingUs, ChronoUnit.MICROS);
    }
}
