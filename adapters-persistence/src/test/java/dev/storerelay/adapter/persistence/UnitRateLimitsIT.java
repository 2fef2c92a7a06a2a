package dev.storerelay.adapter.persistence;

import java.time.Duration;

import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UnitRateLimitsIT {
    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static JdbcUnitRateLimitsAdapter limits;

    @BeforeAll
    static void adapters() {
        limits = new JdbcUnitRateLimitsAdapter(DB.database(), Duration.ZERO);
    }

    @BeforeEach
    void tree() {
        DB.companyWithStores(UnitId.of("s1"));
    }

    @Test
    void limitsAreSetReplacedAndRemoved() {
        assertThat(limits.loadRateLimits()).isEmpty();

        limits.saveRateLimit(UnitId.of("s1"), new RateLimit(30));
        limits.saveRateLimit(UnitId.of("company"), new RateLimit(600));
        limits.saveRateLimit(UnitId.of("s1"), new RateLimit(20));
        assertThat(limits.loadRateLimits()).isEqualTo(Map.of(UnitId.of("s1"), new RateLimit(20), UnitId.of("company"), new RateLimit(600)));

        limits.saveRateLimit(UnitId.of("s1"), null);
        assertThat(limits.loadRateLimits()).isEqualTo(Map.of(UnitId.of("company"), new RateLimit(600)));
    }

    @Test
    void removingAUnitRemovesItsLimit() {
        limits.saveRateLimit(UnitId.of("s1"), new RateLimit(30));

        DB.units().deleteUnit(UnitId.of("s1"));

        assertThat(limits.loadRateLimits()).isEmpty();
    }

    @Test
    void connectionLimitsAreSetAndRemovedOnTheirOwn() {
        limits.saveRateLimit(UnitId.of("s1"), new RateLimit(30));
        limits.saveConnectionLimit(UnitId.of("s1"), new ConnectionLimit(2));
        limits.saveConnectionLimit(UnitId.of("company"), new ConnectionLimit(10));
        assertThat(limits.loadConnectionLimits()).isEqualTo(Map.of(UnitId.of("s1"), new ConnectionLimit(2),
                UnitId.of("company"), new ConnectionLimit(10)));

        limits.saveConnectionLimit(UnitId.of("s1"), null);

        assertThat(limits.loadConnectionLimits()).isEqualTo(Map.of(UnitId.of("company"), new ConnectionLimit(10)));
        assertThat(limits.loadRateLimits()).isEqualTo(Map.of(UnitId.of("s1"), new RateLimit(30)));
    }
}
