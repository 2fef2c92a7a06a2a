package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.ConnectionPermitsPort;
import dev.storerelay.domain.model.UnitId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Connection permits in table {@code store_connection_permits}, shared by every relay process on the database. A
 * permit is a row numbered below the store's cap and held until a time ahead; its holder renews it, so the permits of
 * a process that died lapse after {@link #HOLD}.
 *
 * <p>Taking one needs no lock: the store's live permits are counted, the lowest free number is written only if its
 * row is free (absent or lapsed) and read back in the same round trip. Two processes that pick the same number find
 * one of them in the row; the other counts again.
 */
final class JdbcConnectionPermitsAdapter implements ConnectionPermitsPort {
    /** How long a permit stays held without renewal: a dead process's connections count this long at most. */
    static final Duration HOLD = Duration.ofSeconds(60);

    private static final String LIVE = "SELECT permit FROM store_connection_permits WHERE store_id = ? AND held_until_us > ?";
    // The row is taken only when it is free; either way the read-back says whose it is.
    private static final String TAKE = "INSERT INTO store_connection_permits (store_id, permit, holder, held_until_us) "
            + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
            + "holder = IF(held_until_us > ?, holder, VALUES(holder)), "
            + "held_until_us = IF(held_until_us > ?, held_until_us, VALUES(held_until_us));"
            + "SELECT holder, held_until_us FROM store_connection_permits WHERE store_id = ? AND permit = ?";
    private static final String RELEASE = "DELETE FROM store_connection_permits WHERE store_id = ? AND permit = ? AND holder = ?";
    private static final String RENEW = "UPDATE store_connection_permits SET held_until_us = ? WHERE holder = ?";

    private final Database database;
    private final String holder;
    private final Clock clock;

    /** @param holder names this process, uniquely among every process that ever used the database */
    JdbcConnectionPermitsAdapter(Database database, String holder, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Permit> tryAcquire(UnitId store, int cap) {
        long nowUs = micros(clock.instant());
        long untilUs = nowUs + HOLD.toNanos() / 1_000;
        return Jdbc.withConnection(database, "take a connection permit of store " + store, connection -> {
            // Each lost race means another permit was taken: after cap of them the store is full anyway.
            for (int round = 0; round <= cap; round++) {
                BitSet live = new BitSet();
                try (PreparedStatement select = connection.prepareStatement(LIVE)) {
                    select.setString(1, store.value());
                    select.setLong(2, nowUs);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            live.set(rows.getInt(1));
                        }
                    }
                }
                if (live.cardinality() >= cap) {
                    return Optional.empty();
                }
                int number = live.nextClearBit(0);
                boolean[] ours = new boolean[1];
                try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                    take.setString(1, store.value());
                    take.setInt(2, number);
                    take.setString(3, holder);
                    take.setLong(4, untilUs);
                    take.setLong(5, nowUs);
                    take.setLong(6, nowUs);
                    take.setString(7, store.value());
                    take.setInt(8, number);
                    Jdbc.readResults(take, rows -> {
                        ours[0] = rows.next() && holder.equals(rows.getString(1)) && rows.getLong(2) == untilUs;
                    });
                }
                if (ours[0]) {
                    return Optional.of(new Permit(store, number));
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public void release(Permit permit) {
        Jdbc.withConnection(database, "give back connection permit " + permit.number() + " of store " + permit.store(),
                connection -> {
                    try (PreparedStatement delete = connection.prepareStatement(RELEASE)) {
                        delete.setString(1, permit.store().value());
                        delete.setInt(2, permit.number());
                        delete.setString(3, holder);
                        return delete.executeUpdate();
                    }
                });
    }

    @Override
    public void renewHeld() {
        long untilUs = micros(clock.instant()) + HOLD.toNanos() / 1_000;
        Jdbc.withConnection(database, "renew this process's connection permits", connection -> {
            try (PreparedStatement renew = connection.prepareStatement(RENEW)) {
                renew.setLong(1, untilUs);
                renew.setString(2, holder);
                return renew.executeUpdate();
            }
        });
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
