package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.domain.model.RefusedSubmission;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The listener's refusals in a list, for tests; ordered as the database orders them: by time, then by arrival. */
public final class InMemoryRefusedSubmissions implements RefusedSubmissionsPort {
    private final List<Row> rows = new ArrayList<>();
    private long nextId = 1;
    private RuntimeException failure;

    private record Row(long id, RefusedSubmission refusal) {
    }

    private static final Comparator<Row> NEWEST_FIRST = Comparator.comparing((Row r) -> r.refusal().at())
            .thenComparingLong(Row::id).reversed();

    /** Makes every write throw {@code failure} until called with {@code null}, as a database that is away. */
    public synchronized void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public synchronized void append(List<RefusedSubmission> refusals) {
        failIfTold();
        for (RefusedSubmission refusal : refusals) {
            rows.add(new Row(nextId++, refusal));
        }
    }

    @Override
    public synchronized List<RefusedSubmission> newestFirst(int limit, int offset) {
        return rows.stream().sorted(NEWEST_FIRST).skip(offset).limit(limit).map(Row::refusal).toList();
    }

    @Override
    public synchronized int deleteBefore(Instant before) {
        failIfTold();
        int size = rows.size();
        rows.removeIf(r -> r.refusal().at().isBefore(before));
        return size - rows.size();
    }

    @Override
    public synchronized int keepNewest(int count) {
        failIfTold();
        List<Row> kept = rows.stream().sorted(NEWEST_FIRST).limit(count).toList();
        int deleted = rows.size() - kept.size();
        rows.retainAll(kept);
        return deleted;
    }

    /** How many refusals are kept. */
    public synchronized int size() {
        return rows.size();
    }

    private void failIfTold() {
        if (failure != null) {
            throw failure;
        }
    }
}
