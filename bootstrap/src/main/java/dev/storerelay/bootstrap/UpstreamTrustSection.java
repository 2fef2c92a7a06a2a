package dev.storerelay.bootstrap;

import javax.net.ssl.X509TrustManager;
import java.nio.file.Path;
import java.util.List;

/**
 * The operator's CAs, trusted besides the JDK's by every TLS client upstream (SMTP servers and OAuth 2.0 token
 * endpoints).
 *
 * @param trustStore a PKCS#12 trust store; {@code null}: the JDK's CAs only
 */
record UpstreamTrustSection(Path trustStore, String trustStorePassword) {
    static final ConfigKey TRUSTSTORE = ConfigKey.of("STORE_RELAY_TRUSTSTORE", null);
    static final ConfigKey TRUSTSTORE_PASSWORD = ConfigKey.secret("STORE_RELAY_TRUSTSTORE_PASSWORD");
    static final List<ConfigKey> KEYS = List.of(TRUSTSTORE, TRUSTSTORE_PASSWORD);

    static UpstreamTrustSection read(ConfigValues values) {
        return new UpstreamTrustSection(values.readableFile(TRUSTSTORE), values.text(TRUSTSTORE_PASSWORD));
    }

    /** Reads the trust store: a bad one stops the start. */
    X509TrustManager trustManager() {
        return UpstreamTrust.trustManager(trustStore, trustStorePassword);
    }

    String describe() {
        return "trust store " + (trustStore == null ? "JDK only" : trustStore + " + JDK");
    }

    @Override
    public String toString() {
        return describe();
    }
}
