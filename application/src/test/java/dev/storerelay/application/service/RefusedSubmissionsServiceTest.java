package dev.storerelay.application.service;

import dev.storerelay.application.testing.InMemoryRefusedSubmissions;
import dev.storerelay.domain.model.RefusedSubmission;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefusedSubmissionsServiceTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    private final InMemoryRefusedSubmissions port = new InMemoryRefusedSubmissions();
    private int next;

    @Test
    void theNewestAreKeptAndTheTableNeverHoldsMoreThanTheBound() {
        RefusedSubmissionsService service = new RefusedSubmissionsService(port, 50);
        List<Integer> sizes = new ArrayList<>();
        for (int batch = 1; batch <= 40; batch++) {
            service.record(refusals(batch % 7 + 1));
            sizes.add(port.size());
        }

        assertThat(sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(50));
        assertThat(port.size()).as("trimmed now and then, not to nothing").isGreaterThan(40);
        List<RefusedSubmission> kept = service.refused(500, 0);
        assertThat(kept.get(0).mailFrom()).as("the newest first").isEqualTo((next - 1) + "@x.example");
        assertThat(kept).extracting(RefusedSubmission::at).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void theFirstBatchAfterTheStartTrimsWhatAnEarlierProcessLeft() {
        port.append(refusals(30));
        new RefusedSubmissionsService(port, 10).record(refusals(1));

        assertThat(port.size()).isLessThanOrEqualTo(10);
        assertThat(port.newestFirst(1, 0).get(0).mailFrom()).isEqualTo("30@x.example");
    }

    @Test
    void aBatchLargerThanTheBoundKeepsItsNewest() {
        RefusedSubmissionsService service = new RefusedSubmissionsService(port, 5);
        service.record(refusals(12));

        assertThat(port.size()).isEqualTo(5);
        assertThat(service.refused(1, 0).get(0).mailFrom()).isEqualTo("11@x.example");
    }

    @Test
    void aBatchThatFailedIsWrittenOnceWhenItIsTriedAgain() {
        RefusedSubmissionsService service = new RefusedSubmissionsService(port, 1_000);
        List<RefusedSubmission> batch = refusals(3);
        port.failWith(new IllegalStateException("database is away"));
        assertThatThrownBy(() -> service.record(batch)).hasMessage("database is away");

        port.failWith(null);
        service.record(batch);

        assertThat(port.size()).isEqualTo(3);
    }

    @Test
    void atLeastOneIsKept() {
        assertThatThrownBy(() -> new RefusedSubmissionsService(port, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private List<RefusedSubmission> refusals(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            int n = next++;
            return new RefusedSubmission(T0.plusSeconds(n), "192.0.2.7", "erp.legacy.local", n + "@x.example",
                    List.of("ann@shop.example"), RefusedSubmission.Reply.of(550, "5.1.0 unknown store nowhere"));
        }).toList();
    }
}
