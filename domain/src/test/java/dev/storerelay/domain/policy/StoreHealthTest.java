package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreOutcome;
import dev.storerelay.domain.model.StoreStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class StoreHealthTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-07T09:00:00Z");
    private static final String UNKNOWN_REFUSAL = "550 5.1.1 no such user";
    private static final String MICROSOFT_BASIC_AUTH = "550 5.7.30 Basic authentication is not supported for Client Submission";

    private static StoreMail mail(int queued, int deferred, int held, StoreOutcome last, int failures, String reply) {
        return new StoreMail(queued, deferred, held, 0, last, last == null ? null : T1, last == null ? null : T0, failures,
                failures > 0 ? T0 : null, reply);
    }

    @Test
    void a_store_without_a_server_is_held_whatever_its_mail_did() {
        StoreHealth.Assessment assessed = StoreHealth.assess(false, mail(0, 0, 4, StoreOutcome.HELD, 0, null));

        assertThat(assessed.status()).isEqualTo(StoreStatus.HELD_NO_SERVER);
        assertThat(assessed.since()).isEqualTo(T0);
        assertThat(assessed.advice()).contains("Set an SMTP server");
        assertThat(StoreHealth.assess(false, StoreMail.NONE).status()).isEqualTo(StoreStatus.HELD_NO_SERVER);
        assertThat(StoreHealth.assess(false, StoreMail.NONE).since()).isNull();
    }

    @Test
    void three_failed_attempts_in_a_row_make_a_store_failing_since_the_first() {
        StoreHealth.Assessment assessed = StoreHealth.assess(true,
                mail(0, 0, 0, StoreOutcome.FAILED, StoreHealth.FAILING_AFTER, UNKNOWN_REFUSAL));

        assertThat(assessed.status()).isEqualTo(StoreStatus.FAILING);
        assertThat(assessed.since()).isEqualTo(T0);
        assertThat(assessed.advice()).isNull();
    }

    @Test
    void one_refusal_the_reply_table_knows_is_enough_and_brings_its_fix() {
        StoreHealth.Assessment assessed = StoreHealth.assess(true, mail(0, 0, 0, StoreOutcome.FAILED, 1, MICROSOFT_BASIC_AUTH));

        assertThat(assessed.status()).isEqualTo(StoreStatus.FAILING);
        assertThat(assessed.advice()).contains("OAuth 2.0 (Microsoft 365)");
    }

    @Test
    void one_unknown_permanent_refusal_is_not_a_store_problem() {
        assertThat(StoreHealth.assess(true, mail(0, 0, 0, StoreOutcome.FAILED, 1, UNKNOWN_REFUSAL)).status())
                .isEqualTo(StoreStatus.OK);
        assertThat(StoreHealth.assess(true, mail(0, 0, 0, StoreOutcome.FAILED, StoreHealth.FAILING_AFTER - 1, UNKNOWN_REFUSAL))
                .status()).isEqualTo(StoreStatus.OK);
    }

    @Test
    void deferred_mail_below_the_failing_streak_is_deferred() {
        StoreHealth.Assessment assessed = StoreHealth.assess(true, mail(0, 2, 0, StoreOutcome.DEFERRED, 2, "451 4.3.0 try later"));

        assertThat(assessed.status()).isEqualTo(StoreStatus.DEFERRED);
        assertThat(assessed.since()).isEqualTo(T0);
    }

    @Test
    void mail_waiting_for_send_slots_is_rate_limited_until_none_waits() {
        assertThat(StoreHealth.assess(true, mail(5, 0, 0, StoreOutcome.RATE_LIMITED, 0, null)).status())
                .isEqualTo(StoreStatus.RATE_LIMITED);
        assertThat(StoreHealth.assess(true, mail(0, 0, 0, StoreOutcome.RATE_LIMITED, 0, null)).status())
                .isEqualTo(StoreStatus.OK);
    }

    @Test
    void held_mail_of_a_store_that_now_has_a_server_is_about_to_go_and_is_no_problem() {
        assertThat(StoreHealth.assess(true, mail(0, 0, 3, StoreOutcome.HELD, 0, null)).status()).isEqualTo(StoreStatus.OK);
    }

    @Test
    void a_delivering_store_is_ok_since_its_deliveries_began() {
        StoreHealth.Assessment assessed = StoreHealth.assess(true, mail(1, 0, 0, StoreOutcome.DELIVERED, 0, "250 2.0.0 ok"));

        assertThat(assessed.status()).isEqualTo(StoreStatus.OK);
        assertThat(assessed.since()).isEqualTo(T0);
        assertThat(StoreHealth.assess(true, StoreMail.NONE)).isEqualTo(new StoreHealth.Assessment(StoreStatus.OK, null, null));
    }

    @Test
    void failing_outranks_deferred_and_rate_limited() {
        assertThat(StoreHealth.assess(true, mail(3, 3, 0, StoreOutcome.RATE_LIMITED, 3, "451 4.3.0 try later")).status())
                .isEqualTo(StoreStatus.FAILING);
    }
}
