package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryPacerTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void aHundredMessagesAtThirtyPerMinuteAreSpreadTwoSecondsApartPlusAMargin() {
        DeliveryPacer pacer = new DeliveryPacer();
        List<Instant> slots = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            slots.add(pacer.reserve("store-a", new RateLimit(30), T0));
        }

        assertThat(slots.get(0)).isEqualTo(T0);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1), slots.get(i))).isEqualTo(Duration.ofMillis(2_040));
        }
        assertThat(slots.get(99)).isEqualTo(T0.plus(Duration.ofMillis(99 * 2_040)));
        long inFirstMinute = slots.stream().filter(s -> s.isBefore(T0.plus(Duration.ofMinutes(1)))).count();
        assertThat(inFirstMinute).isEqualTo(30);
        // Any 31 in a row span more than a minute by over a second: room for one late delivery.
        for (int i = 30; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 30), slots.get(i))).isGreaterThan(Duration.ofSeconds(61));
        }
    }

    @Test
    void keysArePacedIndependently() {
        DeliveryPacer pacer = new DeliveryPacer();
        pacer.reserve("store-a", new RateLimit(30), T0);
        pacer.reserve("store-a", new RateLimit(30), T0);

        assertThat(pacer.reserve("store-b", new RateLimit(30), T0)).isEqualTo(T0);
    }

    @Test
    void anIdleKeyMaySendAtOnceAgain() {
        DeliveryPacer pacer = new DeliveryPacer();
        pacer.reserve("store-a", new RateLimit(60), T0);

        Instant later = T0.plus(Duration.ofMinutes(5));
        assertThat(pacer.reserve("store-a", new RateLimit(60), later)).isEqualTo(later);
        pacer.forgetBefore(later.plus(Duration.ofMinutes(1)));
        assertThat(pacer.reserve("store-a", new RateLimit(60), later)).isEqualTo(later);
    }

    @Test
    void aLimitIsOneToAHundredThousandPerMinute() {
        assertThat(new RateLimit(600).interval()).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> new RateLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(100_001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNearestUnitWithALimitGivesIt() {
        OrgUnit company = new OrgUnit(UnitId.of("company"), "Company", null);
        OrgUnit region = new OrgUnit(UnitId.of("north"), "Region North", company.id());
        OrgUnit store = new OrgUnit(UnitId.of("s1"), "Store 1", region.id());

        var limit = RateLimitResolver.resolve(List.of(store, region, company), Map.of("north", new RateLimit(30), "company", new RateLimit(100)));

        assertThat(limit).hasValueSatisfying(l -> {
            assertThat(l.value().messagesPerMinute()).isEqualTo(30);
            assertThat(l.source()).isEqualTo(new Provenance.FromUnit(region.id(), "Region North"));
        });
        assertThat(RateLimitResolver.resolve(List.of(store, region, company), Map.of())).isEmpty();
    }
}
