package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.domain.model.RefusedSubmission;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RefusedSubmissionsPort} does, run against the in-memory fake and the database adapter alike: a
 * fake that passes the same tests is one the services' tests can trust.
 */
public abstract class RefusedSubmissionsPortContract {
    protected static final Instant T0 = Instant.parse("2030-01-01T10:00:00.123456Z");

    /** The port under test, empty. */
    protected abstract RefusedSubmissionsPort port();

    /** A refusal at {@code T0} plus {@code seconds}, with {@code sender} as its envelope sender. */
    protected static RefusedSubmission refusal(long seconds, String sender) {
        return new RefusedSubmission(T0.plusSeconds(seconds), "192.0.2.7", "erp.legacy.local", sender,
                List.of("ann@shop.example"), RefusedSubmission.Reply.of(550, "5.1.0 unknown store nowhere"));
    }

    private static List<String> senders(List<RefusedSubmission> refusals) {
        return refusals.stream().map(RefusedSubmission::mailFrom).toList();
    }

    @Test
    void refusalsComeBackNewestFirstAndPaged() {
        port().append(List.of(refusal(1, "a@x.example"), refusal(3, "c@x.example")));
        port().append(List.of(refusal(2, "b@x.example")));

        assertThat(senders(port().newestFirst(10, 0))).containsExactly("c@x.example", "b@x.example", "a@x.example");
        assertThat(senders(port().newestFirst(1, 1))).containsExactly("b@x.example");
        assertThat(port().newestFirst(10, 3)).isEmpty();
    }

    @Test
    void refusalsOfTheSameInstantComeNewestArrivalFirst() {
        port().append(List.of(refusal(1, "first@x.example"), refusal(1, "second@x.example")));

        assertThat(senders(port().newestFirst(10, 0))).containsExactly("second@x.example", "first@x.example");
    }

    @Test
    void everyFieldComesBackAsItWasKept() {
        RefusedSubmission full = new RefusedSubmission(T0, "2001:db8::7", "erp.legacy.local", "",
                List.of("ann@shop.example", "bob@shop.example"), RefusedSubmission.Reply.of(552,
                        "5.3.4 Message size exceeds fixed maximum message size"));
        RefusedSubmission bare = new RefusedSubmission(T0.plusSeconds(1), "192.0.2.7", null, null, List.of(),
                RefusedSubmission.Reply.of(503, "Need MAIL"));
        port().append(List.of(full, bare));

        assertThat(port().newestFirst(10, 0)).containsExactly(bare, full);
    }

    @Test
    void refusalsBeforeAnInstantAreDeleted() {
        port().append(List.of(refusal(1, "a@x.example"), refusal(2, "b@x.example"), refusal(3, "c@x.example")));

        assertThat(port().deleteBefore(T0.plusSeconds(2))).isEqualTo(1);
        assertThat(senders(port().newestFirst(10, 0))).containsExactly("c@x.example", "b@x.example");
        assertThat(port().deleteBefore(T0)).isZero();
    }

    @Test
    void onlyTheNewestAreKept() {
        port().append(IntStream.range(0, 7).mapToObj(i -> refusal(i, i + "@x.example")).toList());

        assertThat(port().keepNewest(10)).isZero();
        assertThat(port().keepNewest(3)).isEqualTo(4);
        assertThat(senders(port().newestFirst(10, 0))).containsExactly("6@x.example", "5@x.example", "4@x.example");
        assertThat(port().keepNewest(0)).isEqualTo(3);
        assertThat(port().newestFirst(10, 0)).isEmpty();
    }
}
