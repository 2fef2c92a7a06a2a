package dev.storerelay.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import dev.storerelay.adapter.management.ManagementConfig;
import dev.storerelay.adapter.oauth2.OAuth2ClientConfig;
import dev.storerelay.adapter.persistence.PermitHolder;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.adapter.relay.ListenerSecurity;
import dev.storerelay.adapter.relay.inbound.SpoolDirectory;
import dev.storerelay.delivery.DeliveryWorkerConfig;
import dev.storerelay.adapter.relay.outbound.UpstreamConfig;
import dev.storerelay.adapter.web.WebConfig;
import dev.storerelay.application.service.DeliveryConfig;
import dev.storerelay.domain.policy.RetryPolicy;

import javax.net.ssl.X509TrustManager;
import java.time.Duration;

/** The sections of the one validated {@link AppConfig} as the configuration objects of the adapters and services. */
final class ConfigModule extends AbstractModule {
    /** Upstream connect timeout; the read timeout is configurable and checked against the lease. */
    private static final Duration UPSTREAM_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DELIVERY_POLL = Duration.ofSeconds(5);
    static final int DELIVERY_BATCH = 10;
    /** The trust of every upstream TLS client: the JDK's CAs plus the operator's trust store. */
    static final String UPSTREAM_TRUST = "upstream-trust";

    private final AppConfig config;

    ConfigModule(AppConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(AppConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    PersistenceConfig persistenceConfig() {
        return config.database().persistenceConfig();
    }

    @Provides
    @Singleton
    ListenerConfig listenerConfig() {
        return config.smtpListener().listenerConfig(config.identity());
    }

    @Provides
    @Singleton
    ListenerSecurity listenerSecurity() {
        return config.smtpListener().security();
    }

    /** Large messages are spooled in the data directory while they are received (not in a tmpfs /tmp). */
    @Provides
    @Singleton
    SpoolDirectory spoolDirectory() {
        return new SpoolDirectory(config.database().dataDir().resolve("spool"));
    }

    /**
     * Built once (the trust store is read at start-up, so a bad one stops the start) and shared by the upstream SMTP
     * client and the OAuth 2.0 token client, so that both trust exactly the same CAs.
     */
    @Provides
    @Singleton
    @Named(UPSTREAM_TRUST)
    X509TrustManager upstreamTrust() {
        return config.upstreamTrust().trustManager();
    }

    @Provides
    @Singleton
    UpstreamConfig upstreamConfig(@Named(UPSTREAM_TRUST) X509TrustManager trust) {
        Duration timeout = config.delivery().upstreamTimeout();
        return new UpstreamConfig(config.identity().hostName(), min(UPSTREAM_CONNECT_TIMEOUT, timeout), timeout, trust);
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
        return new DeliveryWorkerConfig(config.delivery().threads(), DELIVERY_BATCH, DELIVERY_POLL, process.name());
    }

    /** This process's name in leases and permits: host, pid and a random part, since a pid comes back after a restart. */
    @Provides
    @Singleton
    PermitHolder processName() {
        return PermitHolder.thisProcess(config.identity().hostName());
    }

    @Provides
    @Singleton
    ManagementConfig managementConfig() {
        return config.management().managementConfig();
    }

    @Provides
    @Singleton
    WebConfig webConfig() {
        return config.adminWeb().webConfig(config.identity());
    }

    @Provides
    @Singleton
    DeliveryConfig deliveryConfig() {
        DeliverySection delivery = config.delivery();
        RetryPolicy retry = new RetryPolicy(delivery.retryFirstDelay(), RetryPolicy.DEFAULT.multiplier(),
                max(delivery.retryFirstDelay(), RetryPolicy.DEFAULT.maxDelay()), delivery.maxQueueLifetime(),
                RetryPolicy.DEFAULT.jitter());
        return new DeliveryConfig(config.identity().hostName(), config.identity().storeHeader(), delivery.lease(), retry,
                delivery.maxDeliveriesPerStore(), delivery.bounces());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
