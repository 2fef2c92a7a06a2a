package dev.storerelay.adapter.persistence;

import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.SenderPattern;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.UnitSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConfigurationVersionIT {
    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    private static final UnitId STORE = UnitId.of("s1");

    @Test
    void everyChangeOfTheConfigurationThroughTheRelayMovesTheVersion() {
        Database database = DB.database();
        JdbcOrgUnitAdapter units = new JdbcOrgUnitAdapter(database, Duration.ZERO);
        JdbcUnitSettingsAdapter settings = new JdbcUnitSettingsAdapter(database, Duration.ZERO);
        JdbcUnitRoutingAdapter routing = new JdbcUnitRoutingAdapter(database, Duration.ZERO);
        JdbcUnitRateLimitsAdapter limits = new JdbcUnitRateLimitsAdapter(database, Duration.ZERO);
        List<Long> versions = new ArrayList<>(List.of(versionInDatabase()));
        List<Runnable> changes = List.of(
                () -> units.saveUnit(new OrgUnit(UnitId.of("company"), "Company", null)),
                () -> units.saveUnit(new OrgUnit(STORE, "Store 1", UnitId.of("company"))),
                () -> settings.saveSettings(STORE, new UnitSettings(null, new EmailAddress("s1@example.com"))),
                () -> settings.saveSettings(STORE, UnitSettings.INHERIT_ALL),
                () -> routing.saveRouting(new UnitRouting(STORE, List.of(SenderPattern.parse("erp@legacy.local").orElseThrow()),
                        List.of(ClientNetwork.parse("10.1.0.0/16").orElseThrow()))),
                () -> limits.saveRateLimit(STORE, new RateLimit(30)),
                () -> limits.saveConnectionLimit(STORE, new ConnectionLimit(2)),
                () -> units.deleteUnit(STORE));

        for (Runnable change : changes) {
            change.run();
            versions.add(versionInDatabase());
        }

        assertThat(versions).as("one step per change").isSorted().doesNotHaveDuplicates().hasSize(changes.size() + 1);
    }

    @Test
    void anotherProcessSeesAChangeWithinAboutOnePollThoughItsSnapshotLivesForAMinute() {
        DB.companyWithStores(STORE);
        JdbcUnitSettingsAdapter here = new JdbcUnitSettingsAdapter(DB.database(), Duration.ofMinutes(1));
        JdbcUnitSettingsAdapter there = new JdbcUnitSettingsAdapter(DB.secondProcess(), Duration.ofMinutes(1));
        UnitSettings before = new UnitSettings(null, new EmailAddress("before@example.com"));
        UnitSettings after = new UnitSettings(null, new EmailAddress("after@example.com"));
        here.saveSettings(STORE, before);
        await().atMost(Duration.ofSeconds(10)).until(() -> there.loadSettings(STORE).equals(before));
        UnitSettings kept = there.loadSettings(STORE);
        assertThat(there.loadSettings(STORE)).as("the snapshot, not a new read").isSameAs(kept);

        here.saveSettings(STORE, after);

        assertThat(here.loadSettings(STORE)).as("this process's own change, at once").isEqualTo(after);
        await().atMost(Duration.ofSeconds(5)).until(() -> there.loadSettings(STORE).equals(after));
    }

    @Test
    void aCallerReadsTheVersionOnlyWhenTheWatchHasNotReadItForTwoPollIntervals() throws SQLException {
        AtomicInteger reads = new AtomicInteger();
        AtomicLong nanos = new AtomicLong();
        ConfigurationVersion version = new ConfigurationVersion(() -> {
            reads.incrementAndGet();
            return DB.database().connection();
        }, Duration.ofSeconds(1), nanos::get);

        long first = version.current();
        nanos.addAndGet(Duration.ofMillis(1999).toNanos());
        incrementInDatabase();
        assertThat(version.current()).as("as read less than two intervals ago").isEqualTo(first);
        assertThat(reads).hasValue(1);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());

        assertThat(version.current()).isEqualTo(first + 1);
        assertThat(reads).hasValue(2);
    }

    @Test
    void theWatchReadsTheVersionSoThatCallersNeedNot() throws SQLException {
        AtomicInteger callerReads = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        ConfigurationVersion version = new ConfigurationVersion(() -> {
            synchronized (readers) {
                readers.add(Thread.currentThread());
            }
            if (!Thread.currentThread().getName().equals("configuration-watch")) {
                callerReads.incrementAndGet();
            }
            return DB.database().connection();
        }, Duration.ofSeconds(1), System::nanoTime);
        version.start();
        try {
            long started = version.current();
            int readsBefore = callerReads.get();

            incrementInDatabase();

            await().atMost(Duration.ofSeconds(10)).until(() -> version.current() == started + 1);
            assertThat(callerReads.get()).as("reads outside the watch after its start").isEqualTo(readsBefore);
        } finally {
            version.stop();
        }
        synchronized (readers) {
            assertThat(readers).extracting(Thread::getName).contains("configuration-watch");
        }
    }

    private static long versionInDatabase() {
        try (Connection connection = DB.database().connection();
             PreparedStatement select = connection.prepareStatement("SELECT version FROM configuration_version");
             ResultSet row = select.executeQuery()) {
            assertThat(row.next()).isTrue();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void incrementInDatabase() throws SQLException {
        try (Connection connection = DB.database().connection()) {
            ConfigurationVersion.increment(connection);
        }
    }
}
