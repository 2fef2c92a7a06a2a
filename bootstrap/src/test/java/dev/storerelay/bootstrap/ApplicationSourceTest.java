package dev.storerelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The part of {@link ArchitectureTest#application_holds_no_locks} that class files do not show. */
class ApplicationSourceTest {
    private static final Path APPLICATION_SOURCES = Path.of("..", "application", "src", "main", "java");
    private static final Pattern SYNCHRONIZED_BLOCK = Pattern.compile("\\bsynchronized\\s*\\(");

    @Test
    void theApplicationHasNoSynchronizedBlocks() throws IOException {
        assertThat(APPLICATION_SOURCES).isDirectory();
        try (Stream<Path> files = Files.walk(APPLICATION_SOURCES)) {
            List<Path> locking = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(ApplicationSourceTest::hasSynchronizedBlock)
                    .toList();
            assertThat(locking).as("application sources with a synchronized block").isEmpty();
        }
    }

    private static boolean hasSynchronizedBlock(Path file) {
        try {
            return SYNCHRONIZED_BLOCK.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
