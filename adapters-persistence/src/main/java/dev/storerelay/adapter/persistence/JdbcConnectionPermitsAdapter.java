package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.ConnectionPermitsPort;
import dev.storerelay.domain.model.UnitId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Connection permits in table {@code store_connection_permits}, shared by every relay process on the database. A
 * permit is a row numbered below the store's cap and held until a time ahead; its holder renews it, so the permits of
 * a process that died lapse after {@link #HOLD}, or at once when a process of the same host finds it gone.
 *
 * <p>Taking one needs no lock: the store's live permits are counted, the lowest free number is written only if its
 * row is free (absent or lapsed) and read back in the same round trip. Two processes that pick the same number find
 * one of them in the row; the other counts again.
 *
 * <p>Plain JDBC: taking a permit, on every delivery's path, writes and reads back in one multi-statement round trip.
 */
final class JdbcConnectionPermitsAdapter implements ConnectionPermitsPort {
    /** How long a permit stays held without renewal: a dead process's connections count this long at most. */
    static final Duration HOLD = Duration.ofSeconds(60);

    private static final String LIVE = "SELECT permit, holder FROM store_connection_permits WHERE store_id = ? AND held_until_us > ?";
    // The row is taken only when it is free; either way the read-back says whose it is.
    private static final String TAKE = "INSERT INTO store_connection_permits (store_id, permit, holder, held_until_us) "
            + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
            + "holder = IF(held_until_us > ?, holder, VALUES(holder)), "
            + "held_until_us = IF(held_until_us > ?, held_until_us, VALUES(held_until_us));"
            + "SELECT holder, held_until_us FROM store_connection_permits WHERE store_id = ? AND permit = ?";
    private static final String RELEASE = "DELETE FROM store_connection_permits WHERE store_id = ? AND permit = ? AND holder = ?";
    private static final String RENEW = "UPDATE store_connection_permits SET held_until_us = ? WHERE holder = ?";
    private static final String RELEASE_ALL = "DELETE FROM store_connection_permits WHERE holder = ?";

    private final Database database;
    private final PermitHolder self;
    private final Clock clock;

    JdbcConnectionPermitsAdapter(Database database, PermitHolder holder, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.self = Objects.requireNonNull(holder, "holder");
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
                Set<String> holders = new HashSet<>();
                try (PreparedStatement select = connection.prepareStatement(LIVE)) {
                    select.setString(1, store.value());
                    select.setLong(2, nowUs);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            live.set(rows.getInt(1));
                            holders.add(rows.getString(2));
                        }
                    }
                }
                if (live.cardinality() >= cap) {
                    // A relay of this host that was killed (and restarted, often) need not block the store until
                    // its permits lapse: its process is known to be gone.
                    if (releaseEnded(connection, holders) == 0) {
                        return Optional.empty();
                    }
                    continue;
                }
                int number = live.nextClearBit(0);
                boolean[] ours = new boolean[1];
                try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                    take.setString(1, store.value());
                    take.setInt(2, number);
                    take.setString(3, self.name());
                    take.setLong(4, untilUs);
                    take.setLong(5, nowUs);
                    take.setLong(6, nowUs);
                    take.setString(7, store.value());
                    take.setInt(8, number);
                    SqlScripts.readResults(take, rows -> {
                        ours[0] = rows.next() && self.name().equals(rows.getString(1)) && rows.getLong(2) == untilUs;
                    });
                }
                if (ours[0]) {
                    return Optional.of(new Permit(store, number));
                }
            }
            return Optional.empty();
        });
    }

    /** Gives back every permit of those holders that name ended processes of this host; returns how many. */
    private int releaseEnded(Connection connection, Set<String> holders) throws SQLException {
        int released = 0;
        for (String other : holders) {
            if (self.namesEndedProcessOnThisHost(other)) {
                try (PreparedStatement delete = connection.prepareStatement(RELEASE_ALL)) {
                    delete.setString(1, other);
                    released += delete.executeUpdate();
                }
            }
        }
        return released;
    }

    @Override
    public void release(Permit permit) {
        Jdbc.withConnection(database, "give back connection permit " + permit.number() + " of store " + permit.store(),
                connection -> {
                    try (PreparedStatement delete = connection.prepareStatement(RELEASE)) {
                        delete.setString(1, permit.store().value());
                        delete.setInt(2, permit.number());
                        delete.setString(3, self.name());
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
                renew.setString(2, self.name());
                return renew.executeUpdate();
            }
        });
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
