package dev.storerelay.adapter.relay.inbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the listener spools message text past the memory threshold: {@code <base>/<pid>}, one directory per relay
 * process, owner-only. A file there belongs to a message still being received or committed; the session deletes it
 * after. A process that crashes cannot, so the next process to start on the same base removes the directories of
 * processes that no longer run (up to 25 MiB per connection that was receiving) instead of letting them pile up.
 */
public final class SpoolDirectory {
    private static final Pattern PROCESS_ID = Pattern.compile("[0-9]{1,19}");

    private final Path base;
    private Path own;

    public SpoolDirectory(Path base) {
        this.base = Objects.requireNonNull(base, "base").toAbsolutePath().normalize();
    }

    /** Below {@code java.io.tmpdir}: for a listener without a data directory (tests). */
    static SpoolDirectory temporary() {
        return new SpoolDirectory(Path.of(System.getProperty("java.io.tmpdir"), "store-relay-spool"));
    }

    /** Removes the leftovers of processes that are gone and creates this process's directory; returns it. */
    synchronized Path open() {
        if (own != null) {
            return own;
        }
        try {
            createOwnerOnly(base);
            removeLeftovers();
            own = createOwnerOnly(base.resolve(Long.toString(ProcessHandle.current().pid())));
            return own;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the spool directory " + base, e);
        }
    }

    /** Deletes this process's directory with anything still in it. */
    synchronized void close() {
        if (own != null) {
            deleteQuietly(own);
            own = null;
        }
    }

    private void removeLeftovers() throws IOException {
        List<Path> children;
        try (Stream<Path> listing = Files.list(base)) {
            children = listing.toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (Files.isDirectory(child) && PROCESS_ID.matcher(name).matches()
                    && ProcessHandle.of(Long.parseLong(name)).map(p -> !p.isAlive()).orElse(true)) {
                deleteQuietly(child);
            }
        }
    }

    private static Path createOwnerOnly(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createDirectories(directory);
    }

    // Best effort: another user's directory under a shared base, or a file that vanished meanwhile, is left alone.
    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // see above
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // see above
        }
    }
}
