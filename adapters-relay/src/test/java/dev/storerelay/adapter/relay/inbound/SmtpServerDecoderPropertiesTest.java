package dev.storerelay.adapter.relay.inbound;


import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.storerelay.adapter.relay.inbound.DecoderHarness.decodeParts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder on random byte streams: however TCP cuts the stream the events are the same, nothing throws, message
 * text never carries a bare CR or LF, and undecoded input never exceeds one line.
 */
class SmtpServerDecoderPropertiesTest {
    private static final long LIMIT = 5_000;
    private static final List<String> TOKENS = List.of("MAIL FROM:<a@b.example>", "RCPT TO:<c@d.example>", "DATA",
            "AUTH PLAIN", "AUTH LOGIN dXNlcg==", "STARTTLS", "NOOP", "QUIT", ".", "..", ".x", " ", "\r\n", "\r\n",
            "\r\n", "\r\n.\r\n", "\r", "\n", "\u0000", "\u00e9\u00ff", "x".repeat(600), "y".repeat(1_200));

    static Stream<Long> seeds() {
        return RandomInputs.seeds(400);
    }

    private static byte[] smtpLike(Random random) {
        return String.join("", RandomInputs.tokens(random, TOKENS, 1, 60, 20)).getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void splittingTheStreamNeverChangesTheEvents(long seed) {
        Random random = new Random(seed);
        byte[] input = smtpLike(random);
        int partSize = RandomInputs.between(random, 1, 97);
        List<String> whole = decodeParts(LIMIT, true, List.of(input), TestDecoders.MAX_TEXT_LINE);
        List<String> parts = decodeParts(LIMIT, true, RandomInputs.split(input, partSize), TestDecoders.MAX_TEXT_LINE);
        assertThat(parts).isEqualTo(whole);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void messageTextNeverCarriesABareLineEnd(long seed) {
        byte[] input = smtpLike(new Random(seed));
        for (String event : decodeParts(LIMIT, true, List.of(input), TestDecoders.MAX_TEXT_LINE)) {
            if (event.startsWith("data:") || event.startsWith("unfinished:")) {
                String text = event.substring(event.indexOf(':') + 1);
                assertThat(text).endsWith("\r\n");
                assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void arbitraryBytesAreDecodedWithinBoundedMemory(long seed) {
        Random random = new Random(seed);
        byte[] input = RandomInputs.bytes(random, 5_000);
        int partSize = RandomInputs.between(random, 1, 512);
        boolean acceptData = random.nextBoolean();
        List<String> whole = decodeParts(LIMIT, acceptData, List.of(input), TestDecoders.MAX_TEXT_LINE);
        assertThat(decodeParts(LIMIT, acceptData, RandomInputs.split(input, partSize), TestDecoders.MAX_TEXT_LINE))
                .isEqualTo(whole);
    }
}
