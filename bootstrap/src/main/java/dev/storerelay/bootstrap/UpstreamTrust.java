package dev.storerelay.bootstrap;

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
 * What every TLS client of the relay trusts upstream (SMTP servers and OAuth 2.0 token endpoints): the JDK's CAs plus
 * the operator's trust store ({@code STORE_RELAY_TRUSTSTORE}). Both go into one key store so that the JDK's own PKIX
 * trust manager does the chain checks (and host name checks where the client asks for them); nothing here turns
 * verification off. Built once here and handed to the adapters, which may not depend on each other.
 */
final class UpstreamTrust {
    private UpstreamTrust() {
    }

    /** @param trustStore extra CA certificates (PKCS#12); {@code null} for the JDK's CAs only */
    static X509TrustManager trustManager(Path trustStore, String password) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (X509Certificate ca : x509(trustManagers(null)).getAcceptedIssuers()) {
                trusted.setCertificateEntry("jdk-" + n++, ca);
            }
            if (trustStore != null) {
                KeyStore extra = load(trustStore, password);
                for (String alias : Collections.list(extra.aliases())) {
                    Certificate certificate = extra.getCertificate(alias);
                    if (certificate != null) {
                        trusted.setCertificateEntry("operator-" + alias, certificate);
                    }
                }
            }
            return x509(trustManagers(trusted));
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

    /** @param trusted {@code null} for the JDK's own CAs */
    private static TrustManager[] trustManagers(KeyStore trusted) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory.getTrustManagers();
    }

    private static X509TrustManager x509(TrustManager[] managers) throws GeneralSecurityException {
        for (TrustManager manager : managers) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
