package dev.storerelay.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import dev.storerelay.adapter.management.ManagementConfig;
import dev.storerelay.adapter.management.Readiness;
import dev.storerelay.adapter.management.ReadinessCheck;
import dev.storerelay.adapter.management.TimedCheck;
import dev.storerelay.adapter.oauth2.OAuth2ClientConfig;
import dev.storerelay.adapter.persistence.Database;
import dev.storerelay.adapter.persistence.PermitHolder;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.adapter.relay.ListenerSecurity;
import dev.storerelay.adapter.relay.inbound.SmtpServer;
import dev.storerelay.adapter.relay.inbound.SpoolDirectory;
import dev.storerelay.adapter.relay.outbound.DeliveryWorkerConfig;
import dev.storerelay.adapter.relay.outbound.UpstreamConfig;
import dev.storerelay.adapter.web.WebConfig;
import dev.storerelay.application.port.in.AuditLogUseCase;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.ManageAdminUsersUseCase;
import dev.storerelay.application.port.in.AuthenticateRelayClientUseCase;
import dev.storerelay.application.port.in.CheckSubmitterUseCase;
import dev.storerelay.application.port.in.DeliverDueMessagesUseCase;
import dev.storerelay.application.port.in.BulkUnitsUseCase;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.MonitorQueueUseCase;
import dev.storerelay.application.port.in.PurgeOldMessagesUseCase;
import dev.storerelay.application.port.in.ReleaseHeldMailUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.in.RecordRefusedSubmissionsUseCase;
import dev.storerelay.application.port.in.RefusedSubmissionLogUseCase;
import dev.storerelay.application.port.in.StoresOverviewUseCase;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.application.port.out.SmtpProbePort;
import dev.storerelay.application.service.TestSmtpConnectionService;
import dev.storerelay.application.port.out.ActingUserPort;
import dev.storerelay.application.port.out.AdminUsersPort;
import dev.storerelay.application.port.out.AuditLogPort;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort;
import dev.storerelay.application.port.out.DeliveryEventsPort;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.LoadStoresOverviewPort;
import dev.storerelay.application.port.out.RunLaterPort;
import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.TransactionPort;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.LoadQueueStatisticsPort;
import dev.storerelay.application.port.out.MessageQueuePort;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.HeldMailPort;
import dev.storerelay.application.port.out.MessageActionsPort;
import dev.storerelay.application.port.out.PurgeMessagesPort;
import dev.storerelay.application.port.out.RetryDeferredMailPort;
import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.application.port.out.UnitRateLimitsPort;
import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.application.service.AdminUserService;
import dev.storerelay.application.service.CheckSubmitterService;
import dev.storerelay.application.service.AuditTrail;
import dev.storerelay.application.service.DeliverDueMessagesService;
import dev.storerelay.application.service.HeldMailCheck;
import dev.storerelay.application.service.MessageRetentionService;
import dev.storerelay.application.service.DeliveryHandoff;
import dev.storerelay.application.service.DeliveryConfig;
import dev.storerelay.application.service.MessageLogService;
import dev.storerelay.application.service.MonitorQueueService;
import dev.storerelay.application.service.BulkUnitsService;
import dev.storerelay.application.service.OrgUnitService;
import dev.storerelay.application.service.PasswordHashing;
import dev.storerelay.application.service.RelayCredentialService;
import dev.storerelay.application.service.RateLimitService;
import dev.storerelay.application.service.RefusedSubmissionsService;
import dev.storerelay.application.service.StoresOverviewService;
import dev.storerelay.application.service.RelayMessageService;
import dev.storerelay.application.service.ResolveStoreSettingsService;
import dev.storerelay.application.service.SignInForRefreshTokenService;
import dev.storerelay.application.service.UpdateRoutingService;
import dev.storerelay.application.service.UpdateUnitSettingsService;
import dev.storerelay.domain.policy.RetryPolicy;

import javax.net.ssl.X509TrustManager;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Configuration records, the clock and the application services, built from one validated {@link AppConfig}. */
final class CoreModule extends AbstractModule {
    /** Upstream connect timeout; the read timeout is configurable and checked against the lease. */
    private static final Duration UPSTREAM_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DELIVERY_POLL = Duration.ofSeconds(5);
    private static final int DELIVERY_BATCH = 10;
    /** The trust of every upstream TLS client: the JDK's CAs plus the operator's trust store. */
    static final String UPSTREAM_TRUST = "upstream-trust";
    /** Readiness: the database must answer {@code SELECT 1} this soon (the pool would wait 10 s for a connection). */
    static final Duration DATABASE_CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** Readiness: an answer of the database is reused this long, however often a prober asks. */
    static final Duration DATABASE_CHECK_REUSE = Duration.ofSeconds(1);
    /** The listener's refusals kept at most, the newest: a flood of them must not fill the disk. */
    static final int REFUSED_SUBMISSIONS_KEPT = 100_000;

    private final AppConfig config;
    private final PrintStream console;

    /** @param console where the one-time initial admin password is shown */
    CoreModule(AppConfig config, PrintStream console) {
        this.config = config;
        this.console = console;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        bind(AppConfig.class).toInstance(config);
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(PrintStream.class).toInstance(console);
        bind(Lifecycle.class);
        bind(Draining.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    PersistenceConfig persistenceConfig() {
        return new PersistenceConfig(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dataDir(), config.masterKey());
    }

    @Provides
    @Singleton
    ListenerConfig listenerConfig() {
        return new ListenerConfig(config.smtpBind(), config.smtpPort(), config.hostName(), config.maxMessageBytes(),
                ListenerConfig.DEFAULT_MAX_RECIPIENTS, ListenerConfig.DEFAULT_IDLE_TIMEOUT, config.smtpMaxConnections(),
                Math.min(config.smtpMaxConnectionsPerClient(), config.smtpMaxConnections()), config.smtpReservedConnections(),
                ListenerConfig.MIN_COMMAND_LINE_OCTETS, ListenerConfig.MIN_TEXT_LINE_OCTETS, config.storeHeader());
    }

    @Provides
    @Singleton
    ListenerSecurity listenerSecurity() {
        return new ListenerSecurity(config.smtpTls(), config.smtpRequireAuth(), config.smtpPlainTextAuth());
    }

    /** Large messages are spooled in the data directory while they are received (not in a tmpfs /tmp). */
    @Provides
    @Singleton
    SpoolDirectory spoolDirectory() {
        return new SpoolDirectory(config.dataDir().resolve("spool"));
    }

    /**
     * Built once (the trust store is read at start-up, so a bad one stops the start) and shared by the upstream SMTP
     * client and the OAuth 2.0 token client, so that both trust exactly the same CAs.
     */
    @Provides
    @Singleton
    @Named(UPSTREAM_TRUST)
    X509TrustManager upstreamTrust() {
        return UpstreamTrust.trustManager(config.trustStore(), config.trustStorePassword());
    }

    @Provides
    @Singleton
    UpstreamConfig upstreamConfig(@Named(UPSTREAM_TRUST) X509TrustManager trust) {
        return new UpstreamConfig(config.hostName(), min(UPSTREAM_CONNECT_TIMEOUT, config.upstreamTimeout()),
                config.upstreamTimeout(), trust);
    }

    /**
     * Token endpoints are trusted like upstream SMTP servers (README, *OAuth 2.0 tokens*: the operator's trust store
     * applies).
     */
    @Provides
    @Singleton
    OAuth2ClientConfig oauth2ClientConfig(@Named(UPSTREAM_TRUST) X509TrustManager trust) {
        return new OAuth2ClientConfig(trust);
    }


    @Provides
    @Singleton
    DeliveryWorkerConfig deliveryWorkerConfig(PermitHolder process) {
        return new DeliveryWorkerConfig(config.deliveryThreads(), DELIVERY_BATCH, DELIVERY_POLL, process.name());
    }

    /** This process's name in leases and permits: host, pid and a random part, since a pid comes back after a restart. */
    @Provides
    @Singleton
    PermitHolder processName() {
        return PermitHolder.thisProcess(config.hostName());
    }

    @Provides
    @Singleton
    ManagementConfig managementConfig() {
        return new ManagementConfig(config.managementBind(), config.managementPort(), config.metricsStoreLabel());
    }

    /**
     * Ready (README, *Operations*): the database answers within {@link #DATABASE_CHECK_TIMEOUT}, the SMTP listener is
     * bound, and the relay is not draining (stopping).
     */
    @Provides
    @Singleton
    Readiness readiness(Database database, SmtpServer smtp, Draining draining) {
        Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
        checks.put("database", new TimedCheck("database", database::ping, DATABASE_CHECK_TIMEOUT, DATABASE_CHECK_REUSE));
        checks.put("smtpListener", ReadinessCheck.of(smtp::isListening));
        checks.put("draining", ReadinessCheck.of(() -> !draining.isDraining()));
        return new Readiness(checks);
    }

    @Provides
    @Singleton
    MonitorQueueUseCase monitorQueue(LoadQueueStatisticsPort queue) {
        return new MonitorQueueService(queue);
    }

    @Provides
    @Singleton
    WebConfig webConfig() {
        return new WebConfig(config.adminBind(), config.adminPort(), config.adminSecureCookies(),
                config.defaultSender().value());
    }

    @Provides
    @Singleton
    DeliveryConfig deliveryConfig() {
        RetryPolicy retry = new RetryPolicy(config.retryFirstDelay(), RetryPolicy.DEFAULT.multiplier(),
                max(config.retryFirstDelay(), RetryPolicy.DEFAULT.maxDelay()), config.maxQueueLifetime(),
                RetryPolicy.DEFAULT.jitter());
        return new DeliveryConfig(config.hostName(), config.storeHeader(), config.deliveryLease(), retry,
                config.maxDeliveriesPerStore(), config.bounces());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Provides
    @Singleton
    ManageOrgUnitsUseCase manageOrgUnits(LoadOrgTreePort tree, SaveOrgUnitPort units, HeldMailPort queue,
                                         DeliverySignalPort signal, Clock clock, AuditTrail audit, RunLaterPort later) {
        return new OrgUnitService(tree, units, queue, signal, clock, audit, later);
    }

    /** Started with its first task; {@link Lifecycle} stops it. */
    @Provides
    @Singleton
    DelayedTasks delayedTasks() {
        return new DelayedTasks();
    }

    @Provides
    RunLaterPort runLater(DelayedTasks tasks) {
        return tasks;
    }

    @Provides
    @Singleton
    ResolveStoreSettingsUseCase resolveStoreSettings(LoadOrgTreePort tree, UnitSettingsPort settings) {
        return new ResolveStoreSettingsService(tree, settings, config.defaultSender());
    }

    @Provides
    @Singleton
    UpdateUnitSettingsUseCase updateUnitSettings(LoadOrgTreePort tree, UnitSettingsPort settings, MessageQueuePort queue,
                                                 DeliverySignalPort signal, Clock clock, AuditTrail audit,
                                                 RunLaterPort later) {
        return new UpdateUnitSettingsService(tree, settings, queue, signal, clock, audit, later);
    }

    /** One instance: it keeps the sign-ins in progress between the admin's start and the provider's redirect back. */
    @Provides
    @Singleton
    SignInForRefreshTokenUseCase signInForRefreshToken(UpdateUnitSettingsUseCase settings, AuthorizationCodeFlowPort flow,
                                                       Clock clock) {
        return new SignInForRefreshTokenService(settings, flow, clock);
    }

    @Provides
    @Singleton
    RelayMessageUseCase relayMessage(LoadOrgTreePort tree, UnitRoutingPort routing, EnqueueMessagePort queue,
                                     DeliverySignalPort signal, Clock clock, DeliveryHandoff handoff) {
        return new RelayMessageService(tree, routing, queue, signal, clock, handoff);
    }

    /** Room for two messages per delivery thread: enough to keep them busy, little to redo should the process die. */
    @Provides
    @Singleton
    DeliveryHandoff deliveryHandoff(DeliveryWorkerConfig workers, DeliveryConfig delivery) {
        return new DeliveryHandoff(workers.processName() + "/handoff", 8 * workers.threads(), delivery.lease());
    }

    @Provides
    @Singleton
    TestSmtpConnectionUseCase testSmtpConnection(ResolveStoreSettingsUseCase resolver, SmtpProbePort probe) {
        return new TestSmtpConnectionService(resolver, probe);
    }

    @Provides
    @Singleton
    UpdateRoutingUseCase updateRouting(LoadOrgTreePort tree, UnitRoutingPort routing, AuditTrail audit) {
        return new UpdateRoutingService(tree, routing, audit);
    }

    @Provides
    @Singleton
    CheckSubmitterUseCase checkSubmitter(UnitRoutingPort routing) {
        return new CheckSubmitterService(routing);
    }

    /** One instance serves both ports: its cache of verified credentials must see every change of them. */
    @Provides
    @Singleton
    RelayCredentialService relayCredentials(LoadOrgTreePort tree, RelayCredentialsPort credentials, Clock clock, AuditTrail audit) {
        SecureRandom random = new SecureRandom();
        return new RelayCredentialService(tree, credentials, new PasswordHashing(random), random, clock, audit);
    }

    @Provides
    ManageRelayCredentialsUseCase manageRelayCredentials(RelayCredentialService service) {
        return service;
    }

    @Provides
    AuthenticateRelayClientUseCase authenticateRelayClient(RelayCredentialService service) {
        return service;
    }

    @Provides
    @Singleton
    PurgeOldMessagesUseCase purgeOldMessages(PurgeMessagesPort queue, RefusedSubmissionsPort refused, Clock clock) {
        return new MessageRetentionService(queue, refused, clock, config.messageRetention());
    }

    /** One instance serves both ports: it counts what it wrote since it last trimmed to the bound. */
    @Provides
    @Singleton
    RefusedSubmissionsService refusedSubmissions(RefusedSubmissionsPort refused) {
        return new RefusedSubmissionsService(refused, REFUSED_SUBMISSIONS_KEPT);
    }

    @Provides
    RecordRefusedSubmissionsUseCase recordRefusedSubmissions(RefusedSubmissionsService service) {
        return service;
    }

    @Provides
    RefusedSubmissionLogUseCase refusedSubmissionLog(RefusedSubmissionsService service) {
        return service;
    }

    @Provides
    @Singleton
    ReleaseHeldMailUseCase releaseHeldMail(HeldMailPort queue, ResolveStoreSettingsUseCase resolver,
                                           DeliverySignalPort signal, Clock clock) {
        return new HeldMailCheck(queue, resolver, signal, clock);
    }

    @Provides
    @Singleton
    DeliverDueMessagesUseCase deliverDueMessages(MessageQueuePort queue, ResolveStoreSettingsUseCase resolver,
                                                 ForwardMessagePort forwarder, DeliveryConfig delivery, Clock clock,
                                                 ManageRateLimitsUseCase rateLimits, DeliveryHandoff handoff,
                                                 SendSlotsPort sendSlots, MessageContextPort context,
                                                 DeliveryEventsPort events) {
        return new DeliverDueMessagesService(queue, resolver, forwarder, delivery, clock,
                () -> ThreadLocalRandom.current().nextDouble(), rateLimits, handoff, sendSlots, context, events);
    }

    @Provides
    @Singleton
    ManageRateLimitsUseCase manageRateLimits(LoadOrgTreePort tree, UnitRateLimitsPort limits) {
        return new RateLimitService(tree, limits);
    }

    @Provides
    BulkUnitsUseCase bulkUnits(LoadOrgTreePort tree, ManageOrgUnitsUseCase units, UpdateUnitSettingsUseCase settings,
                               UpdateRoutingUseCase routing, ManageRateLimitsUseCase limits, TransactionPort transactions) {
        return new BulkUnitsService(tree, units, settings, routing, limits, transactions);
    }

    @Provides
    @Singleton
    MessageLogUseCase messageLog(LoadOrgTreePort tree, LoadMessageLogPort log, MessageActionsPort queue,
                                 DeliverySignalPort signal, Clock clock, AuditTrail audit) {
        return new MessageLogService(tree, log, queue, signal, clock, audit);
    }

    @Provides
    @Singleton
    StoresOverviewUseCase storesOverview(LoadOrgTreePort tree, LoadStoresOverviewPort overview, RetryDeferredMailPort queue,
                                         DeliverySignalPort signal, Clock clock) {
        return new StoresOverviewService(tree, overview, queue, signal, clock);
    }

    /** Who changed what: written by the services that change configuration, read by the admin. */
    @Provides
    @Singleton
    AuditTrail auditTrail(AuditLogPort log, ActingUserPort actingUser, Clock clock) {
        return new AuditTrail(log, actingUser, clock);
    }

    @Provides
    AuditLogUseCase auditLog(AuditTrail trail) {
        return trail;
    }

    /** One instance serves both ports: its cache of verified sign-ins must see every change of the users. */
    @Provides
    @Singleton
    AdminUserService adminUsers(AdminUsersPort users, Clock clock, AuditTrail audit) {
        SecureRandom random = new SecureRandom();
        return new AdminUserService(users, new PasswordHashing(random), random, clock, audit);
    }

    @Provides
    AuthenticateAdminUseCase authenticateAdmin(AdminUserService service) {
        return service;
    }

    @Provides
    ManageAdminUsersUseCase manageAdminUsers(AdminUserService service) {
        return service;
    }
}
