package dev.storerelay.bootstrap;

import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/ARCHITECTURE.md, *Threads*, lists every thread the process starts: a relay with its own embedded MariaDB takes
 * a message, delivers it upstream and serves the admin API, and every thread it started meanwhile must be named in
 * that table (by its name up to the numbers).
 */
class ThreadMapIT {
    private static final Path ARCHITECTURE = Path.of("..", "docs", "ARCHITECTURE.md");
    /** The test's own helpers, by the code they run: the stand-in upstream (SubEthaSMTP), the API client. */
    private static final Set<String> TEST_SIDE = Set.of("org.subethamail.", "jdk.internal.net.http.");
    /**
     * Pools of the test's side seen idle in plain executor code, by name: the API client's (the JDK's HttpClient) and
     * JUnit's, which runs concurrent test classes. The relay has neither.
     */
    private static final Set<String> TEST_POOLS = Set.of("HttpClient-", "ForkJoinPool-");

    @RegisterExtension
    final RelayExtension relay = RelayExtension.builder().adminPassword("thread-map-admin").embeddedDatabase().build();

    @Test
    void everyThreadTheRelayStartsIsInTheArchitecturesThreadMap() throws Exception {
        String threadMap = threadsSection(Files.readString(ARCHITECTURE));
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            Set<Long> before = Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());

            relay.api().companyDeliveringTo(upstream.port());
            relay.client().send(null, "erp@legacy.local", "customer@example.com", "threads");
            upstream.awaitMessages(1);

            Map<String, String> started = new TreeMap<>();
            for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
                String name = thread.getKey().getName();
                if (!before.contains(thread.getKey().getId()) && !testSide(thread.getValue())
                        && TEST_POOLS.stream().noneMatch(name::startsWith)) {
                    started.put(name, Arrays.stream(thread.getValue()).limit(4).map(String::valueOf)
                            .collect(Collectors.joining(" < ")));
                }
            }

            assertThat(started.keySet()).as("threads the relay started").anySatisfy(name -> assertThat(name)
                    .startsWith("delivery-"));
            Map<String, String> missing = new TreeMap<>(started);
            missing.keySet().removeIf(name -> threadMap.contains("`" + pooledName(name)));
            assertThat(missing).as("threads (with where they run) missing from docs/ARCHITECTURE.md's thread map")
                    .isEmpty();
        }
    }

    private static String threadsSection(String architecture) {
        int start = architecture.indexOf("\n## Threads");
        int end = architecture.indexOf("\n## ", start + 1);
        assertThat(start).as("docs/ARCHITECTURE.md has a Threads section").isNotNegative();
        return architecture.substring(start, end);
    }

    /** {@code delivery-3} → {@code delivery-}, {@code smtp-io-2-1} → {@code smtp-io-}: up to the first number. */
    private static String pooledName(String name) {
        return name.replaceAll("\\d.*$", "");
    }

    private static boolean testSide(StackTraceElement[] stack) {
        return Arrays.stream(stack).anyMatch(frame -> TEST_SIDE.stream().anyMatch(frame.getClassName()::startsWith));
    }
}
