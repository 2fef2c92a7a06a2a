package dev.storerelay.adapter.relay.inbound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Random inputs for the property tests, each from a seed that the test's name shows, so a failing case is rerun
 * exactly by its seed. (A plain generator rather than jqwik: jqwik 1.10 prints text addressed at AI agents into
 * every test log, which does not belong in this project's CI output.)
 */
final class RandomInputs {
    static final long BASE_SEED = 0x5A17_2026L;

    private RandomInputs() {
    }

    /** {@code count} seeds for a {@code @MethodSource}; set -Dproperty.seed=N to rerun one case. */
    static Stream<Long> seeds(int count) {
        String only = System.getProperty("property.seed");
        if (only != null) {
            return Stream.of(Long.parseLong(only));
        }
        return LongStream.range(0, count).mapToObj(i -> BASE_SEED + i);
    }

    static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    static String printable(Random random, int maxLength) {
        char[] chars = new char[random.nextInt(maxLength + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) between(random, ' ', '~');
        }
        return new String(chars);
    }

    static byte[] bytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Up to {@code maxTokens} tokens, each from the list or (one time in {@code 1 + weight}) printable noise. */
    static List<String> tokens(Random random, List<String> known, int weight, int maxTokens, int maxNoise) {
        List<String> out = new ArrayList<>();
        int count = random.nextInt(maxTokens + 1);
        for (int i = 0; i < count; i++) {
            out.add(random.nextInt(weight + 1) < weight ? known.get(random.nextInt(known.size())) : printable(random, maxNoise));
        }
        return out;
    }

    static List<byte[]> split(byte[] input, int partSize) {
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < input.length; from += partSize) {
            parts.add(Arrays.copyOfRange(input, from, Math.min(input.length, from + partSize)));
        }
        return parts;
    }
}
