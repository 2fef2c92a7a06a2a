package dev.storerelay.adapter.relay.outbound;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.security.GeneralSecurityException;

/**
 * The TLS client sockets for upstream connections, with the trust the configuration gives (the JDK's CAs plus the
 * operator's trust store, built by the bootstrap and shared with the OAuth 2.0 token client). Nothing here turns
 * verification off.
 */
final class UpstreamTrust {
    private UpstreamTrust() {
    }

    static SSLSocketFactory socketFactory(UpstreamConfig config) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {config.trust()}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for upstream connections: " + e.getMessage(), e);
        }
    }
}
