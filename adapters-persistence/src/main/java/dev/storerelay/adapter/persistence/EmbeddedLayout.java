package dev.storerelay.adapter.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the embedded MariaDB keeps its files, all below one base directory (the relay's data directory).
 *
 * @param dataDir      the server's data directory
 * @param binariesDir  the server's programs, unpacked from the class path on every start
 * @param tmpDir       the server's temporary files
 * @param runDir       owner-only: the server's Unix socket and the only directory it may read or write files in
 *                     ({@code secure_file_priv}); another local user can reach neither
 * @param passwordFile owner-only: the relay's generated database password
 */
record EmbeddedLayout(Path dataDir, Path binariesDir, Path tmpDir, Path runDir, Path passwordFile) {
    /** Longest socket path the kernel takes: {@code sun_path} holds 108 bytes with the terminating zero. */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    EmbeddedLayout {
        dataDir = dataDir.toAbsolutePath().normalize();
        binariesDir = binariesDir.toAbsolutePath().normalize();
        tmpDir = tmpDir.toAbsolutePath().normalize();
        runDir = runDir.toAbsolutePath().normalize();
        passwordFile = passwordFile.toAbsolutePath().normalize();
    }

    /** The layout of the relay's data directory {@code base}. */
    static EmbeddedLayout under(Path base) {
        return new EmbeddedLayout(base.resolve("mariadb"), base.resolve("mariadb-binaries"), base.resolve("mariadb-tmp"),
                base.resolve("mariadb-run"), base.resolve(Database.EMBEDDED_PASSWORD_FILE));
    }

    Path socket() {
        return runDir.resolve("mariadbd.sock");
    }

    Path filesDir() {
        return runDir.resolve("files");
    }

    /**
     * Creates the run directory owner-only (tightening it if it exists) with its files directory, and checks that the
     * socket's path fits the kernel's limit.
     */
    void prepareRunDir() throws IOException {
        int socketPathBytes = socket().toString().getBytes(StandardCharsets.UTF_8).length;
        if (socketPathBytes > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalStateException("the embedded MariaDB's socket " + socket() + " would be " + socketPathBytes
                    + " bytes long, more than the " + MAX_SOCKET_PATH_BYTES + " a Unix socket's path may have; "
                    + "give STORE_RELAY_DATA_DIR a shorter path");
        }
        for (Path directory : new Path[] {runDir, filesDir()}) {
            Files.createDirectories(directory);
            if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }
}
