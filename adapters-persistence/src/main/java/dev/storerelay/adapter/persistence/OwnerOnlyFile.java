package dev.storerelay.adapter.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A secret written into the data directory: readable by its owner only, never seen half written. */
final class OwnerOnlyFile {
    private OwnerOnlyFile() {
    }

    /**
     * Creates {@code file} with {@code content} and a line end: written to a temporary file created owner-only, then
     * linked into place, which fails with {@link FileAlreadyExistsException} when the file exists (another process
     * was first) instead of replacing it.
     */
    static void create(Path file, String content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve(file.getFileName() + ".new-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temporary);
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temporary);
        }
        try {
            Files.writeString(temporary, content + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
