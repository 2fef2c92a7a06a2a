package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;

import dev.storerelay.application.testing.InMemorySendSlots;

import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.ConnectionQuota;
import dev.storerelay.application.testing.InMemoryRateLimits;
import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StoreLimitsTest {
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final UnitId STORE = UnitId.of("s1");
    private static final RateLimit THIRTY_PER_MINUTE = new RateLimit(30);
    private static final int OPERATOR_DEFAULT = 4;

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(new InMemoryUnitSettings()).withStoreInRegion();
    private final InMemoryRateLimits saved = new InMemoryRateLimits();
    private final StoreLimits limits = new StoreLimits(new RateLimitService(units, saved), new InMemorySendSlots(),
            OPERATOR_DEFAULT, clock);

    @Test
    void withoutLimitsAStoreIsUnlimitedAndHasTheOperatorsDefaultCap() {
        StoreLimits none = new StoreLimits(new RateLimitService(units, new InMemoryRateLimits()), new InMemorySendSlots(),
                OPERATOR_DEFAULT, clock);

        assertThat(none.rateLimit(STORE)).isEmpty();
        assertThat(none.quota(STORE)).isEmpty();
        assertThat(none.connectionCap(STORE)).isEqualTo(OPERATOR_DEFAULT);
        assertThat(limits.connectionCap(STORE)).isEqualTo(OPERATOR_DEFAULT);
    }

    @Test
    void aStoreInheritsItsRegionsLimitsAndItsCapBecomesAQuotaForAllProcesses() {
        saved.saveRateLimit(UnitId.of("north"), THIRTY_PER_MINUTE);
        saved.saveConnectionLimit(UnitId.of("north"), new ConnectionLimit(2));

        assertThat(limits.rateLimit(STORE)).contains(THIRTY_PER_MINUTE);
        assertThat(limits.quota(STORE)).contains(new ConnectionQuota(STORE, 2));
        assertThat(limits.connectionCap(STORE)).isEqualTo(2);
        assertThat(limits.connectionCap(Optional.empty())).isEqualTo(OPERATOR_DEFAULT);
    }

    @Test
    void newMessagesGetSlotsSpreadByTheLimit() {
        assertThat(limits.slotFor(message(null), THIRTY_PER_MINUTE)).isEqualTo(T0);
        // 30 a minute: at least 2 s apart (the pacer keeps a small margin on top).
        assertThat(limits.slotFor(message(null), THIRTY_PER_MINUTE))
                .isAfterOrEqualTo(T0.plusSeconds(2)).isBefore(T0.plusSeconds(3));
    }

    @Test
    void aDeferredMessageKeepsItsSlotAndIsNotDeferredAgainWhenItComesBackJustBeforeIt() {
        Instant reserved = T0.plusSeconds(2);

        assertThat(limits.slotFor(message(reserved), THIRTY_PER_MINUTE)).isEqualTo(reserved);
        clock.set(reserved.minus(Duration.ofMillis(10)));
        assertThat(limits.slotFor(message(reserved), THIRTY_PER_MINUTE)).isEqualTo(clock.instant());
        // Keeping its slot took none of the store's: the next new message still gets the first.
        assertThat(limits.slotFor(message(null), THIRTY_PER_MINUTE)).isEqualTo(clock.instant());
    }

    private static ClaimedMessage message(Instant sendSlot) {
        return new ClaimedMessage(new MessageId(1), STORE, new EmailAddress("erp@legacy.example"),
                List.of(new EmailAddress("a@example.org")), null,
                MessageContent.ofBytes("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)), "erp.local",
                "192.0.2.7", T0, 0, sendSlot, null);
    }
}
