package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RewrittenSender;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SenderRewriteTest {
    private static final EmailAddress ORIGINAL = new EmailAddress("erp@legacy.local");
    private static final EmailAddress STORE = new EmailAddress("store12@example.com");

    @Test
    void envelopeAndFromBecomeTheStoresAddressAndTheDisplayNameIsKept() {
        RewrittenSender sender = SenderRewrite.rewrite(ORIGINAL, "Store 12 Orders", STORE);
        assertThat(sender.envelopeSender()).isEqualTo(STORE);
        assertThat(sender.fromAddress()).isEqualTo(STORE);
        assertThat(sender.displayName()).contains("Store 12 Orders");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "   "})
    void aBlankDisplayNameBecomesNone(String displayName) {
        RewrittenSender sender = SenderRewrite.rewrite(ORIGINAL, displayName, STORE);
        assertThat(sender.fromDisplayName()).isNull();
        assertThat(sender.displayName()).isEmpty();
    }

    @Test
    void theNullReversePathStaysNull() {
        RewrittenSender sender = SenderRewrite.rewrite(null, "Mailer", STORE);
        assertThat(sender.envelopeSender()).isNull();
        assertThat(sender.envelope()).isEmpty();
        assertThat(sender.fromAddress()).isEqualTo(STORE);
    }

    static Stream<Arguments> dirtyDisplayNames() {
        return Stream.of(
                Arguments.of("Store 12\r\nBcc: x@y.z", "Store 12 Bcc: x@y.z"),
                Arguments.of("Store\n12", "Store 12"),
                Arguments.of("Store\r12", "Store 12"),
                Arguments.of("Store\u000012", "Store 12"),
                Arguments.of("\r\nStore 12\r\n", "Store 12"),
                Arguments.of("  Store 12  ", "Store 12"));
    }

    @ParameterizedTest
    @MethodSource("dirtyDisplayNames")
    void lineBreaksInTheDisplayNameAreCleaned(String given, String expected) {
        RewrittenSender sender = SenderRewrite.rewrite(ORIGINAL, given, STORE);
        assertThat(sender.fromDisplayName()).isEqualTo(expected).doesNotContain("\r", "\n", "\u0000");
    }
}
