package dev.storerelay.domain.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefusedSubmissionTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final RefusedSubmission.Reply REPLY = RefusedSubmission.Reply.of(550, "5.1.0 unknown store x");

    @Test
    void theEnhancedStatusCodeIsTakenFromTheFrontOfTheText() {
        assertThat(REPLY).isEqualTo(new RefusedSubmission.Reply(550, "5.1.0", "unknown store x"));
        assertThat(RefusedSubmission.Reply.of(451, "4.3.0")).isEqualTo(new RefusedSubmission.Reply(451, "4.3.0", ""));
        assertThat(RefusedSubmission.Reply.of(500, "Command unrecognized"))
                .isEqualTo(new RefusedSubmission.Reply(500, null, "Command unrecognized"));
        assertThat(REPLY).hasToString("550 5.1.0 unknown store x");
    }

    @Test
    void onlyRefusalsAreReplies() {
        assertThatThrownBy(() -> RefusedSubmission.Reply.of(250, "2.0.0 Ok")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RefusedSubmission.Reply(550, "5.1", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatTheClientSaidIsKeptPrintableAndBounded() {
        String huge = "x".repeat(10_000);
        List<String> many = IntStream.range(0, 1_000).mapToObj(i -> "r" + i + "@shop.example").toList();
        RefusedSubmission refusal = new RefusedSubmission(T0, "192.0.2.7", "evil\u001b[31m", huge, many,
                RefusedSubmission.Reply.of(553, "5.1.7 " + huge));

        assertThat(refusal.clientName()).isEqualTo("evil\\x1b[31m");
        assertThat(refusal.mailFrom()).hasSize(RefusedSubmission.MAX_TEXT).endsWith("...");
        assertThat(refusal.reply().text()).hasSize(RefusedSubmission.MAX_TEXT);
        assertThat(refusal.recipients()).hasSize(RefusedSubmission.MAX_RECIPIENTS).startsWith("r0@shop.example");
    }

    @Test
    void aCutNeverLeavesHalfACharacter() {
        String cutInsideAPair = "x".repeat(RefusedSubmission.MAX_TEXT - 4) + "\ud83d\udce7 and more";
        RefusedSubmission refusal = new RefusedSubmission(T0, "192.0.2.7", null, cutInsideAPair, List.of(), REPLY);

        assertThat(refusal.mailFrom()).isEqualTo("x".repeat(RefusedSubmission.MAX_TEXT - 4) + "...");
    }

    @Test
    void aRefusalBuiltFromItsOwnValuesIsEqual() {
        String hostile = "\u0007<script>".repeat(100);
        RefusedSubmission refusal = new RefusedSubmission(T0, hostile, hostile, hostile, List.of(hostile),
                RefusedSubmission.Reply.of(553, "5.1.7 " + hostile));

        assertThat(new RefusedSubmission(refusal.at(), refusal.clientAddress(), refusal.clientName(), refusal.mailFrom(),
                refusal.recipients(), new RefusedSubmission.Reply(refusal.reply().code(), refusal.reply().enhancedCode(),
                refusal.reply().text()))).isEqualTo(refusal);
    }

    @Test
    void noSenderAndTheNullSenderDiffer() {
        RefusedSubmission none = new RefusedSubmission(T0, "192.0.2.7", null, null, Collections.emptyList(), REPLY);
        RefusedSubmission nullSender = new RefusedSubmission(T0, "192.0.2.7", null, "", List.of(), REPLY);

        assertThat(none.mailFrom()).isNull();
        assertThat(nullSender.mailFrom()).isEmpty();
    }
}
