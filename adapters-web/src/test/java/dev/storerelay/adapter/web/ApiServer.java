package dev.storerelay.adapter.web;

import dev.storerelay.application.service.CredentialChecks;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryUnitRouting;
import dev.storerelay.application.testing.InMemoryAdminUsers;
import dev.storerelay.application.testing.InMemoryRelayCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.storerelay.application.testing.InMemoryRateLimits;
import dev.storerelay.application.testing.InMemoryRefusedSubmissions;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.service.AdminUserService;
import dev.storerelay.application.service.AuditTrail;
import dev.storerelay.application.service.MessageLogService;
import dev.storerelay.application.service.BulkUnitsService;
import dev.storerelay.application.service.OrgUnitService;
import dev.storerelay.application.service.PasswordHashing;
import dev.storerelay.application.service.RateLimitService;
import dev.storerelay.application.service.RefusedSubmissionsService;
import dev.storerelay.application.service.StoresOverviewService;
import dev.storerelay.application.service.RelayCredentialService;
import dev.storerelay.application.service.ResolveStoreSettingsService;
import dev.storerelay.application.service.SignInForRefreshTokenService;
import dev.storerelay.application.service.UpdateRoutingService;
import dev.storerelay.application.service.UpdateUnitSettingsService;
import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.domain.model.EmailAddress;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * The real web server on 127.0.0.1, port 0, wired with the real application services over in-memory ports, and
 * an HTTP client that signs in as the setup admin unless told otherwise. Every response body is kept, so a test
 * can check that a secret never left the server. Registered as {@code @RegisterExtension final ApiServer api = ...}
 * on a test instance, it stops after each test, after the test's own {@code @AfterEach} checks.
 */
final class ApiServer implements AutoCloseable, AfterEachCallback {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-pw-1";
    static final String VIEWER = "viewer";
    static final String VIEWER_PASSWORD = "viewer-pw-1";
    static final String DEFAULT_SENDER = "no-reply@localhost";
    static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    final InMemoryUnitSettings unitSettings = new InMemoryUnitSettings();
    final InMemoryOrgUnits units = new InMemoryOrgUnits(unitSettings);
    final InMemoryMessageQueue messages = new InMemoryMessageQueue();
    final InMemoryRateLimits rateLimits = new InMemoryRateLimits();
    final CountingDeliverySignal deliverySignal = new CountingDeliverySignal();
    final InMemoryUnitRouting routing = new InMemoryUnitRouting();
    final InMemoryRelayCredentials relayCredentials = new InMemoryRelayCredentials();
    final FakeSmtpTester smtpTester = new FakeSmtpTester();
    final RequestActingUser actingUser = new RequestActingUser();
    final InMemoryAuditLog auditLog = new InMemoryAuditLog();
    final FakeAuthorizationCodeFlow authorizationCodeFlow = new FakeAuthorizationCodeFlow();
    final InMemoryRefusedSubmissions refused = new InMemoryRefusedSubmissions();
    final InMemoryStoresOverview storesOverview = new InMemoryStoresOverview(units, unitSettings);
    /** The sign-in's own clock, so a test can let a begun sign-in lapse without touching sessions and the audit. */
    final MutableClock signInClock = new MutableClock(NOW);
    private final WebServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> bodies = new ArrayList<>();

    ApiServer() {
        this(null);
    }

    /** With {@code unitsOverride} in place of the real unit service, e.g. one that fails; {@code null} for the real one. */
    ApiServer(ManageOrgUnitsUseCase unitsOverride) {
        this(unitsOverride, false);
    }

    /** @param secureCookies {@link WebConfig#secureCookies()} */
    ApiServer(ManageOrgUnitsUseCase unitsOverride, boolean secureCookies) {
        this(unitsOverride, secureCookies, DEFAULT_SENDER);
    }

    /** @param defaultSender the operator's system default sender ({@code STORE_RELAY_DEFAULT_SENDER}) */
    ApiServer(ManageOrgUnitsUseCase unitsOverride, boolean secureCookies, String defaultSender) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        AuditTrail audit = new AuditTrail(auditLog, actingUser, clock);
        AdminUserService admins = new AdminUserService(new InMemoryAdminUsers(),
                new PasswordHashing(new SecureRandom(), 1000), new SecureRandom(), clock, audit, CredentialChecks.DEFAULT);
        admins.saveUser(ADMIN, ADMIN_PASSWORD, true);
        admins.saveUser(VIEWER, VIEWER_PASSWORD, false);
        UpdateUnitSettingsService settings = new UpdateUnitSettingsService(units, unitSettings, messages, messages, deliverySignal, clock, audit,
                (delay, task) -> { });
        ManageOrgUnitsUseCase orgUnits = unitsOverride != null ? unitsOverride
                : new OrgUnitService(units, units, messages, deliverySignal, clock, audit, (delay, task) -> { });
        UpdateRoutingService routingService = new UpdateRoutingService(units, routing, AuditTrail.NONE);
        RateLimitService limits = new RateLimitService(units, rateLimits);
        // In memory there is nothing to roll back: the import's all-or-nothing is the database's (BulkImportIT).
        BulkUnitsService bulk = new BulkUnitsService(units, orgUnits, settings, routingService, limits, Supplier::get);
        UnitUseCases unitUseCases = new UnitUseCases(orgUnits, settings,
                new ResolveStoreSettingsService(units, unitSettings, new EmailAddress(defaultSender)), smtpTester,
                new SignInForRefreshTokenService(settings, authorizationCodeFlow, signInClock), routingService,
                new RelayCredentialService(units, relayCredentials, new PasswordHashing(new SecureRandom(), 1000),
                        new SecureRandom(), clock, AuditTrail.NONE, CredentialChecks.DEFAULT),
                limits, bulk);
        MailUseCases mail = new MailUseCases(new MessageLogService(units, messages, messages, deliverySignal, clock, audit),
                new RefusedSubmissionsService(refused, 1_000),
                new StoresOverviewService(units, storesOverview, messages, deliverySignal, clock));
        server = new WebServer(new WebConfig("127.0.0.1", 0, secureCookies, defaultSender), unitUseCases, mail,
                new AdminUserUseCases(admins, admins, audit), actingUser, clock);
        server.start();
    }

    WebServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Acme, its Region North and Store 12 in that region: the tree the settings pages are shown on. */
    ApiServer withRegionNorth() {
        unit("acme", "Acme", null);
        unit("north", "Region North", "acme");
        unit("s12", "Store 12", "north");
        return this;
    }

    /** Acme with Store 12 and Store 13 right below it. */
    ApiServer withTwoStores() {
        unit("acme", "Acme", null);
        unit("s12", "Store 12", "acme");
        unit("s13", "Store 13", "acme");
        return this;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET(), ADMIN, ADMIN_PASSWORD);
    }

    HttpResponse<String> put(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)), ADMIN, ADMIN_PASSWORD);
    }

    /** A JSON merge patch (RFC 7396), with its media type. */
    HttpResponse<String> patch(String path, String body) {
        return send(request(path).setHeader("Content-Type", SmtpSettingsPatch.MEDIA_TYPE)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)), ADMIN, ADMIN_PASSWORD);
    }

    HttpResponse<String> post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()), ADMIN, ADMIN_PASSWORD);
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE(), ADMIN, ADMIN_PASSWORD);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
    }

    /** Sends as {@code user}; {@code null} sends no credentials. */
    HttpResponse<String> send(HttpRequest.Builder request, String user, String password) {
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            synchronized (bodies) {
                bodies.add(response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** Every response body received so far. */
    List<String> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    /** Creates a unit (asserting nothing): for arranging a tree. */
    void unit(String id, String name, String parentId) {
        String parent = parentId == null ? "null" : "\"" + parentId + "\"";
        HttpResponse<String> response = put("/api/units/" + id, "{\"name\":\"" + name + "\",\"parentId\":" + parent + "}");
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException("could not create unit " + id + ": " + response.body());
        }
    }
}
