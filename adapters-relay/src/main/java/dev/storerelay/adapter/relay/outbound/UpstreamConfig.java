package dev.storerelay.adapter.relay.outbound;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the relay talks to upstream servers.
 *
 * @param heloName           the name the relay gives in EHLO
 * @param connectTimeout     for the TCP connect
 * @param readTimeout        for every read and write; also bounds the TLS handshake
 * @param trustStore         extra trusted CA certificates (PKCS#12), in addition to the JDK's; {@code null} if none
 * @param trustStorePassword the trust store's password; may be empty
 */
public record UpstreamConfig(String heloName, Duration connectTimeout, Duration readTimeout, Path trustStore,
                             String trustStorePassword) {
    public UpstreamConfig {
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    public Optional<Path> extraTrustStore() {
        return Optional.ofNullable(trustStore);
    }

    @Override
    public String toString() {
        return "UpstreamConfig[heloName=" + heloName + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", trustStore=" + trustStore + ", trustStorePassword=" + (trustStorePassword == null || trustStorePassword.isEmpty() ? "(none)" : "******") + "]";
    }
}
