package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.application.service.RefusedSubmissionsService;
import dev.storerelay.application.testing.RefusedSubmissionsPortContract;
import dev.storerelay.domain.model.RefusedSubmission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The refusals in MariaDB: the port's contract, texts at their longest, and the bound over many rows. */
class RefusedSubmissionsIT extends RefusedSubmissionsPortContract {
    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static JdbcRefusedSubmissionsAdapter refusals;

    @BeforeAll
    static void adapters() {
        refusals = new JdbcRefusedSubmissionsAdapter(DB.database());
    }

    @Override
    protected RefusedSubmissionsPort port() {
        return refusals;
    }

    @Test
    void theLongestTextsAClientCanLeaveFitTheirColumns() {
        String longest = "\u00e4\ud83d\udce7<script>".repeat(200);
        List<String> recipients = IntStream.range(0, 100).mapToObj(i -> i + longest).toList();
        // The address one character longer: cut between the halves of a pair, which must not leave one half behind.
        RefusedSubmission refusal = new RefusedSubmission(T0, "\u0007" + longest, longest, "abc" + longest, recipients,
                RefusedSubmission.Reply.of(553, "5.1.7 " + longest));
        refusals.append(List.of(refusal));

        RefusedSubmission read = refusals.newestFirst(1, 0).get(0);
        assertThat(read).isEqualTo(refusal);
        assertThat(read.recipients()).hasSize(RefusedSubmission.MAX_RECIPIENTS);
        assertThat(read.clientAddress()).startsWith("\\x07");
    }

    @Test
    void theServiceKeepsTheNewestUpToItsBoundOverManyBatches() {
        RefusedSubmissionsService service = new RefusedSubmissionsService(refusals, 1_000);
        int written = 0;
        for (int batch = 0; batch < 30; batch++) {
            List<RefusedSubmission> refused = new ArrayList<>();
            for (int i = 0; i < 1 + batch * 13 % 200; i++) {
                refused.add(refusal(written, written + "@x.example"));
                written++;
            }
            service.record(refused);
            assertThat(count()).isLessThanOrEqualTo(1_000);
        }

        assertThat(written).isGreaterThan(2_000);
        assertThat(count()).isGreaterThan(900);
        assertThat(refusals.newestFirst(1, 0).get(0).mailFrom()).isEqualTo((written - 1) + "@x.example");
    }

    @Test
    void theOldestGoInSeveralDeletesWhenThereAreManyMore() {
        int total = 2 * JdbcRefusedSubmissionsAdapter.DELETE_BATCH + 100;
        for (int from = 0; from < total; from += 500) {
            refusals.append(IntStream.range(from, Math.min(total, from + 500)).mapToObj(i -> refusal(i / 10, i + "@x.example"))
                    .toList());
        }

        assertThat(refusals.keepNewest(50)).isEqualTo(total - 50);
        assertThat(count()).isEqualTo(50);
        assertThat(refusals.newestFirst(1, 49).get(0).mailFrom()).isEqualTo((total - 50) + "@x.example");
        assertThat(refusals.deleteBefore(T0.plusSeconds(total))).isEqualTo(50);
    }

    @Test
    void theBoundAndTheAgeAreFoundInTheTimeIndex() throws Exception {
        assertThat(plan("SELECT at, id FROM refused_submissions ORDER BY at DESC, id DESC LIMIT 1 OFFSET 100000"))
                .contains("idx_refused_submissions_at");
        assertThat(plan("SELECT id FROM refused_submissions WHERE at < '2030-01-01' ORDER BY at, id LIMIT 5000"))
                .contains("idx_refused_submissions_at");
    }

    private static int count() {
        try (Connection connection = DB.newConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM refused_submissions")) {
            rows.next();
            return rows.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The index names of the query's plan. */
    private static String plan(String sql) throws Exception {
        try (Connection connection = DB.newConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("EXPLAIN " + sql)) {
            StringBuilder keys = new StringBuilder();
            while (rows.next()) {
                keys.append(rows.getString("key")).append(' ');
            }
            return keys.toString();
        }
    }
}
