package dev.storerelay.adapter.persistence;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several adapter calls in one transaction of {@link Database#inOneTransaction}: committed together, or rolled back
 * together, and a snapshot of the unit tree never keeps what such a transaction read before it ended.
 */
class OneTransactionIT {
    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static JdbcOrgUnitAdapter units;
    static JdbcTransactions transactions;

    @BeforeAll
    static void adapters() {
        // Snapshots kept for a minute: only invalidation can make a change visible in this test.
        units = new JdbcOrgUnitAdapter(DB.database(), Duration.ofMinutes(1));
        transactions = new JdbcTransactions(DB.database());
    }

    @BeforeEach
    void root() {
        units.saveUnit(new OrgUnit(UnitId.of("company"), "Company", null));
    }

    @Test
    void changesCommitTogetherAndAreSeenAfterwards() {
        assertThat(units.loadOrgTree().contains(UnitId.of("north"))).isFalse();

        transactions.inOneTransaction(() -> {
            units.saveUnit(new OrgUnit(UnitId.of("north"), "Region North", UnitId.of("company")));
            units.saveUnit(new OrgUnit(UnitId.of("n1"), "Store N1", UnitId.of("north")));
            assertThat(units.loadOrgTree().contains(UnitId.of("n1"))).as("seen inside").isTrue();
            return null;
        });

        assertThat(units.loadOrgTree().contains(UnitId.of("n1"))).isTrue();
        assertThat(new JdbcOrgUnitAdapter(DB.database(), Duration.ZERO).loadOrgTree().contains(UnitId.of("north"))).isTrue();
    }

    @Test
    void aFailureRollsBackEveryChangeAndNoSnapshotKeepsWhatTheTransactionSaw() {
        assertThat(units.loadOrgTree().contains(UnitId.of("south"))).isFalse();

        assertThatThrownBy(() -> transactions.inOneTransaction(() -> {
            units.saveUnit(new OrgUnit(UnitId.of("south"), "Region South", UnitId.of("company")));
            assertThat(units.loadOrgTree().contains(UnitId.of("south"))).as("seen inside").isTrue();
            // Another thread, outside the transaction, does not see it and keeps what it sees.
            assertThat(CompletableFuture.supplyAsync(() -> units.loadOrgTree().contains(UnitId.of("south"))).join()).isFalse();
            throw new IllegalStateException("row 7 is wrong");
        })).hasMessage("row 7 is wrong");

        assertThat(units.loadOrgTree().contains(UnitId.of("south"))).as("the snapshot after the roll-back").isFalse();
        assertThat(new JdbcOrgUnitAdapter(DB.database(), Duration.ZERO).loadOrgTree().contains(UnitId.of("south")))
                .as("the database").isFalse();
    }

    @Test
    void aTransactionDoesNotNest() {
        assertThatThrownBy(() -> transactions.inOneTransaction(() -> transactions.inOneTransaction(() -> null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already in a transaction");
    }
}
