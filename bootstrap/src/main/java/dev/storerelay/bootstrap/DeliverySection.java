package dev.storerelay.bootstrap;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The deliveries upstream: threads, retries, how long a message may wait and is kept, leases, timeouts, bounces.
 */
record DeliverySection(int threads, Duration retryFirstDelay, Duration maxQueueLifetime, Duration messageRetention,
                       Duration lease, Duration upstreamTimeout, int maxDeliveriesPerStore, boolean bounces) {
    static final ConfigKey THREADS = ConfigKey.of("STORE_RELAY_DELIVERY_THREADS", "16");
    static final ConfigKey RETRY_FIRST_DELAY = ConfigKey.of("STORE_RELAY_RETRY_FIRST_DELAY", "PT1M");
    static final ConfigKey MAX_QUEUE_LIFETIME = ConfigKey.of("STORE_RELAY_MAX_QUEUE_LIFETIME", "P5D");
    static final ConfigKey MESSAGE_RETENTION = ConfigKey.of("STORE_RELAY_MESSAGE_RETENTION", "P30D");
    static final ConfigKey LEASE = ConfigKey.of("STORE_RELAY_DELIVERY_LEASE", "PT5M");
    static final ConfigKey UPSTREAM_TIMEOUT = ConfigKey.of("STORE_RELAY_UPSTREAM_TIMEOUT", "PT2M");
    static final ConfigKey MAX_DELIVERIES_PER_STORE = ConfigKey.of("STORE_RELAY_MAX_DELIVERIES_PER_STORE", "8");
    static final ConfigKey BOUNCES = ConfigKey.of("STORE_RELAY_BOUNCES", "false");
    static final List<ConfigKey> KEYS = List.of(THREADS, RETRY_FIRST_DELAY, MAX_QUEUE_LIFETIME, MESSAGE_RETENTION,
            LEASE, UPSTREAM_TIMEOUT, MAX_DELIVERIES_PER_STORE, BOUNCES);
    static final Duration MIN_LEASE = Duration.ofSeconds(5);

    DeliverySection {
        Objects.requireNonNull(retryFirstDelay, "retryFirstDelay");
        Objects.requireNonNull(maxQueueLifetime, "maxQueueLifetime");
        Objects.requireNonNull(messageRetention, "messageRetention");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
    }

    static DeliverySection read(ConfigValues values) {
        int threads = values.positive(THREADS, 256);
        Duration retryFirstDelay = values.positiveDuration(RETRY_FIRST_DELAY);
        Duration maxQueueLifetime = values.positiveDuration(MAX_QUEUE_LIFETIME);
        Duration lease = lease(values);
        return new DeliverySection(threads, retryFirstDelay, maxQueueLifetime, values.positiveDuration(MESSAGE_RETENTION),
                lease, upstreamTimeout(values, lease), values.positive(MAX_DELIVERIES_PER_STORE, 10_000),
                values.flag(BOUNCES));
    }

    // A lease must outlast the longest delivery (connect and read timeouts), or a slow delivery could be
    // claimed by a second worker and sent twice.
    private static Duration lease(ConfigValues values) {
        Duration lease = values.positiveDuration(LEASE);
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new ConfigException(LEASE.variable() + ": must be at least " + MIN_LEASE + ", got " + lease);
        }
        return lease;
    }

    private static Duration upstreamTimeout(ConfigValues values, Duration lease) {
        Duration timeout = values.positiveDuration(UPSTREAM_TIMEOUT);
        if (timeout.multipliedBy(2).compareTo(lease) >= 0) {
            throw new ConfigException(UPSTREAM_TIMEOUT.variable() + ": must be less than half of "
                    + LEASE.variable() + " (" + lease + "), got " + timeout);
        }
        return timeout;
    }

    String describe() {
        return "delivery threads " + threads
                + ", first retry after " + retryFirstDelay
                + ", max queue lifetime " + maxQueueLifetime
                + ", finished messages kept " + messageRetention
                + ", delivery lease " + lease
                + ", max deliveries per store " + maxDeliveriesPerStore + ", upstream timeout " + upstreamTimeout
                + ", bounces " + (bounces ? "on" : "off");
    }
}
