package dev.storerelay.bootstrap;

import dev.storerelay.adapter.management.ManagementServer;
import dev.storerelay.adapter.management.RelayMetrics;
import dev.storerelay.adapter.persistence.Database;
import dev.storerelay.adapter.relay.inbound.SmtpServer;
import dev.storerelay.delivery.DeliveryWorker;
import dev.storerelay.adapter.relay.outbound.JakartaMailForwarder;
import dev.storerelay.adapter.web.WebServer;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.PurgeOldMessagesUseCase;
import dev.storerelay.application.port.in.ReleaseHeldMailUseCase;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Starts the parts in dependency order — the management listener (alive, not ready), database (and migrations), the
 * metrics that read it, initial admin, admin web, delivery workers, and last the SMTP listener, so no message is
 * accepted before it can be stored — and stops them in reverse, after readiness has turned 503: a probe sees the relay
 * go while the listener still takes mail, then the listener closes, deliveries under way finish, and the management
 * listener stops last, so liveness answers to the end.
 */
public final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final AppConfig config;
    private final Database database;
    private final AuthenticateAdminUseCase admins;
    private final WebServer web;
    private final DeliveryWorker delivery;
    private final JakartaMailForwarder forwarder;
    private final SmtpServer smtp;
    private final PrintStream console;
    private final Housekeeping housekeeping;
    private final ManagementServer management;
    private final RelayMetrics metrics;
    private final Draining draining;
    private final DelayedTasks delayedTasks;
    private final Deque<Runnable> stopActions = new ArrayDeque<>();
    private Runnable whileDraining = () -> { };

    @Inject
    Lifecycle(AppConfig config, Database database, AuthenticateAdminUseCase admins, WebServer web, DeliveryWorker delivery,
              JakartaMailForwarder forwarder, SmtpServer smtp, PrintStream console, PurgeOldMessagesUseCase purge,
              ReleaseHeldMailUseCase heldMail, ManagementServer management, RelayMetrics metrics, Draining draining,
              DelayedTasks delayedTasks) {
        this.config = config;
        this.database = database;
        this.admins = admins;
        this.web = web;
        this.delivery = delivery;
        this.forwarder = forwarder;
        this.smtp = smtp;
        this.console = console;
        this.housekeeping = new Housekeeping(purge, heldMail);
        this.management = management;
        this.metrics = metrics;
        this.draining = draining;
        this.delayedTasks = delayedTasks;
    }

    public synchronized void start() {
        LOG.info("starting store-relay: {}", config.describe());
        try {
            management.start();
            stopActions.push(management::stop);                 // last: alive until the very end
            database.start();
            stopActions.push(database::stop);
            stopActions.push(delayedTasks::stop);              // its tasks use the database
            metrics.start();
            stopActions.push(metrics::stop);
            // Printed on the console only, once, and never written to the log.
            admins.ensureInitialAdmin(config.adminWeb().initialPassword()).ifPresent(password -> console.println(
                    "Initial admin user created: user 'admin', password '" + password + "' (shown only this once)"));
            housekeeping.start();
            stopActions.push(housekeeping::stop);
            web.start();
            stopActions.push(web::stop);
            stopActions.push(forwarder::close);             // after the workers have stopped: QUIT idle upstreams
            delivery.start();
            stopActions.push(delivery::stop);
            smtp.start();
            stopActions.push(smtp::stop);
            LOG.info(startedLine(config.smtpListener().bind(), smtp.boundPort(), config.adminWeb().bind(), web.port(),
                    config.management().bind(), management.port()));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * The last line of a start, the one an operator reads on the console: the admin page's address to open in a
     * browser first, then the JSON API's and the management listener's. A wildcard bind is shown as {@code localhost},
     * where the page is reachable from this machine; an IPv6 address in brackets.
     */
    static String startedLine(String smtpBind, int smtpPort, String adminBind, int adminPort, String managementBind,
                              int managementPort) {
        String admin = "http://" + urlHost(adminBind) + ":" + adminPort;
        return "store-relay started: admin page on " + admin + "/admin (JSON API " + admin + "/api), SMTP on "
                + smtpBind + ":" + smtpPort + ", management on http://" + urlHost(managementBind) + ":" + managementPort;
    }

    private static String urlHost(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            return "localhost";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    /**
     * Readiness turns 503 first and stays so for the configured drain delay while the listener still takes mail (a
     * load balancer's checks notice in that time and send no new client here); then the parts stop in reverse order
     * of their start.
     */
    public synchronized void stop() {
        draining.begin();
        if (!stopActions.isEmpty()) {
            awaitDrainDelay();
            whileDraining.run();
        }
        while (!stopActions.isEmpty()) {
            try {
                stopActions.pop().run();
            } catch (RuntimeException e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
    }

    private void awaitDrainDelay() {
        Duration delay = config.management().drainDelay();
        if (delay.isZero()) {
            return;
        }
        LOG.info("stopping: not ready; the SMTP listener closes in {} (STORE_RELAY_DRAIN_DELAY)", delay);
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();                  // stop at once: the rest of the stop still runs
        }
    }

    public int smtpPort() {
        return smtp.boundPort();
    }

    public int adminPort() {
        return web.port();
    }

    public int managementPort() {
        return management.port();
    }

    /** For tests: runs when a stop has begun, with readiness 503 and everything still running. */
    synchronized void whileDraining(Runnable action) {
        this.whileDraining = action;
    }
}
