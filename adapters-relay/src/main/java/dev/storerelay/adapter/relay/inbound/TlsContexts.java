package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerTls;
import dev.storerelay.domain.model.Secret;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** The listener's {@link SslContext} from its configured certificate and key (PEM or PKCS#12). */
final class TlsContexts {
    /** TLS 1.0 and 1.1 are deprecated (RFC 8996). */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /** Throws {@link IllegalStateException} naming the file when the certificate or key cannot be used. */
    static SslContext serverContext(ListenerTls tls) {
        try {
            SslContextBuilder builder;
            if (tls instanceof ListenerTls.Pem) {
                ListenerTls.Pem pem = (ListenerTls.Pem) tls;
                builder = SslContextBuilder.forServer(pem.certificateChain().toFile(), pem.privateKey().toFile());
            } else {
                builder = SslContextBuilder.forServer(keyManagers((ListenerTls.Pkcs12) tls));
            }
            return builder.protocols(PROTOCOLS).build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot use the listener's TLS certificate and key (" + describe(tls)
                    + "): " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManagers(ListenerTls.Pkcs12 pkcs12) throws IOException, GeneralSecurityException {
        char[] password = pkcs12.storePassword().map(Secret::reveal).map(String::toCharArray).orElse(new char[0]);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12.keyStore())) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        return keys;
    }

    private static String describe(ListenerTls tls) {
        if (tls instanceof ListenerTls.Pem) {
            ListenerTls.Pem pem = (ListenerTls.Pem) tls;
            return "certificate " + pem.certificateChain() + ", key " + pem.privateKey();
        }
        return "PKCS#12 " + ((ListenerTls.Pkcs12) tls).keyStore();
    }
}
