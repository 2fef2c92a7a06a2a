package dev.storerelay.adapter.relay.outbound;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;

/**
 * The TLS client context for upstream connections: the JDK's trusted CAs plus the operator's trust store. Both go
 * into one key store so that the JDK's own trust manager does chain and host name checks; nothing here turns
 * verification off.
 */
final class UpstreamTrust {
    private UpstreamTrust() {
    }

    static SSLSocketFactory socketFactory(UpstreamConfig config) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (X509Certificate ca : jdkDefaultTrustManager().getAcceptedIssuers()) {
                trusted.setCertificateEntry("jdk-" + n++, ca);
            }
            if (config.extraTrustStore().isPresent()) {
                KeyStore extra = load(config.extraTrustStore().get(), config.trustStorePassword());
                for (String alias : Collections.list(extra.aliases())) {
                    Certificate certificate = extra.getCertificate(alias);
                    if (certificate != null) {
                        trusted.setCertificateEntry("operator-" + alias, certificate);
                    }
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for upstream connections: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password == null ? new char[0] : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("STORE_RELAY_TRUSTSTORE: cannot read PKCS#12 trust store " + file
                    + " (" + e.getMessage() + ")", e);
        }
    }

    private static X509TrustManager jdkDefaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
