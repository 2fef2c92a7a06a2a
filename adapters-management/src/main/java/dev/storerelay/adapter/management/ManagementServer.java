package dev.storerelay.adapter.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The management listener (README, *Operations*), on its own address and port and without authentication, so that the
 * admin port keeps its one way of signing in: {@code GET /metrics} in the Prometheus text format, {@code GET
 * /health/live} (200 while the process runs) and {@code GET /health/ready} (200 or 503, JSON with each check).
 *
 * <p>The JDK's own HTTP server ({@code jdk.httpserver}): three fixed answers need no web framework, and the admin's
 * Javalin (Jetty, its thread pool, its filters) stays the admin's. Constructing it does nothing; {@link #start()}
 * binds the JVM's metrics and the port, {@link #stop()} ends both. Its threads, {@code management-http}, live from
 * {@link #start()} to {@link #stop()}: two, so that a readiness check that waits for the database never holds up a
 * scrape.
 */
public final class ManagementServer {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
    private static final int THREADS = 2;
    private static final int BACKLOG = 16;
    private static final int OK = 200;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int UNAVAILABLE = 503;
    private static final long STOP_SECONDS = 5;

    private final ManagementConfig config;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;
    private HttpServer server;
    private ExecutorService threads;
    private JvmGcMetrics gc;

    public ManagementServer(ManagementConfig config, PrometheusMeterRegistry registry, Readiness readiness) {
        this.config = config;
        this.registry = registry;
        this.readiness = readiness;
    }

    /** Binds the JVM's metrics and the port; throws {@link IllegalStateException} if the port cannot be had. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        if (gc == null) {
            gc = new JvmGcMetrics();
            for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                    new JvmInfoMetrics(), new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
                binder.bindTo(registry);
            }
        }
        try {
            server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), BACKLOG);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for management requests on " + config.bindAddress() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        threads = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "management-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("Management listener on http://{}:{} (/metrics, /health/live, /health/ready)", config.bindAddress(), port());
    }

    /** The port actually bound, which differs from the configured one when that was 0. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the management listener is not running");
        }
        return server.getAddress().getPort();
    }

    /** Stops answering and ends the threads, the readiness checks' too; the last part of the relay to stop. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readiness.close();
        gc.close();
        server = null;
        LOG.info("Management listener stopped");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean known = path.equals("/metrics") || path.equals("/health/live") || path.equals("/health/ready");
            if (!known) {
                send(exchange, NOT_FOUND, JSON, "{\"error\":\"not found\"}");
            } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, METHOD_NOT_ALLOWED, JSON, "{\"error\":\"method not allowed\"}");
            } else if (path.equals("/metrics")) {
                send(exchange, OK, PROMETHEUS_TEXT, registry.scrape());
            } else if (path.equals("/health/live")) {
                send(exchange, OK, JSON, "{\"status\":\"UP\"}");
            } else {
                Readiness.Report report = readiness.report();
                send(exchange, report.up() ? OK : UNAVAILABLE, JSON, report.json());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
