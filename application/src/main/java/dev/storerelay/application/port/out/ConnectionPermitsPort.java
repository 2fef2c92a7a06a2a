package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.UnitId;

import java.util.Objects;
import java.util.Optional;

/**
 * Permits for the upstream connections of stores whose units cap them ({@code maxConnections}; README, *Delivery*). A
 * connection for such a store is opened only with one of the store's permits and gives it back when it closes; an
 * idle pooled connection keeps its permit, because providers count open connections. Backed by the database, the
 * permits are shared by every relay process on it, so a store's cap holds for all of them together.
 *
 * <p>Permits are held for a while and renewed by their holder: those of a process that died lapse on their own.
 */
public interface ConnectionPermitsPort {

    /** Never refuses: for forwarders whose stores are not capped, and for tests. */
    ConnectionPermitsPort UNLIMITED = new ConnectionPermitsPort() {
        @Override
        public Optional<Permit> tryAcquire(UnitId store, int cap) {
            return Optional.of(new Permit(store, 0));
        }

        @Override
        public void release(Permit permit) {
        }

        @Override
        public void renewHeld() {
        }
    };

    /** One of a store's permits, held by this process. */
    record Permit(UnitId store, int number) {
        public Permit {
            Objects.requireNonNull(store, "store");
        }
    }

    /** Takes one of the store's {@code cap} permits; empty when all of them are held, by this or another process. */
    Optional<Permit> tryAcquire(UnitId store, int cap);

    /** Gives a permit back: its connection is closed. */
    void release(Permit permit);

    /** Keeps this process's permits from lapsing; called regularly while it holds any. */
    void renewHeld();
}
