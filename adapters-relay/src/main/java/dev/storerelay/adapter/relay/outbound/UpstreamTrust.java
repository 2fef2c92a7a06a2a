package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.domain.model.ServerTrust;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What upstream TLS trusts: the JDK's CAs plus the operator's trust store (built once by the bootstrap and shared
 * with the OAuth 2.0 token client), and on top of that a unit's own
 * {@link ServerTrust} (pinned certificates, CAs of that unit only). The CAs go into one key store so that the JDK's
 * own trust manager does the chain and host name checks; nothing here turns verification off.
 *
 * <p>One trust manager and one socket factory per distinct {@link ServerTrust}, made on first use and kept: a
 * connection plan's session is made once, and so is its TLS. A plan without a unit's own trust uses the plain
 * JDK trust manager over the usual CAs.
 */
final class UpstreamTrust {
    private final KeyStore usual;
    private final X509ExtendedTrustManager usualTrust;
    private final SSLSocketFactory usualSockets;
    private final Map<ServerTrust, X509ExtendedTrustManager> trustManagers = new ConcurrentHashMap<>();
    private final Map<ServerTrust, SSLSocketFactory> socketFactories = new ConcurrentHashMap<>();

    UpstreamTrust(UpstreamConfig config) {
        try {
            // The usual CAs (the JDK's and the operator's, as the bootstrap built them) go into a key store of their
            // own, so that a unit's CAs can be added to them for that unit's connections.
            usual = KeyStore.getInstance(KeyStore.getDefaultType());
            usual.load(null, null);
            int n = 0;
            for (X509Certificate ca : config.trust().getAcceptedIssuers()) {
                usual.setCertificateEntry("usual-" + n++, ca);
            }
            usualTrust = pkix(usual);
            usualSockets = NoDelaySockets.tls(context(usualTrust).getSocketFactory());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for upstream connections: " + e.getMessage(), e);
        }
    }

    /** The TLS sockets for connections with this trust, verifying chain and host name (the session asks for it). */
    SSLSocketFactory socketFactory(ServerTrust trust) {
        if (trust.isDefault()) {
            return usualSockets;
        }
        return socketFactories.computeIfAbsent(trust, t -> NoDelaySockets.tls(context(trustManager(t)).getSocketFactory()));
    }

    /** The trust manager behind {@link #socketFactory}, for a connection test that watches what it decides. */
    X509ExtendedTrustManager trustManager(ServerTrust trust) {
        if (trust.isDefault()) {
            return usualTrust;
        }
        return trustManagers.computeIfAbsent(trust, this::unitTrust);
    }

    /** An SSL context over one trust manager, without client certificates. */
    static SSLContext context(X509ExtendedTrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for upstream connections: " + e.getMessage(), e);
        }
    }

    /** The usual CAs plus the unit's, and the unit's pinned certificates. */
    private X509ExtendedTrustManager unitTrust(ServerTrust trust) {
        try {
            X509ExtendedTrustManager chains = usualTrust;
            if (trust.caCertificatesPem() != null) {
                KeyStore withUnitCas = KeyStore.getInstance(KeyStore.getDefaultType());
                withUnitCas.load(null, null);
                for (String alias : Collections.list(usual.aliases())) {
                    withUnitCas.setCertificateEntry(alias, usual.getCertificate(alias));
                }
                int n = 0;
                for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(
                        new ByteArrayInputStream(trust.caCertificatesPem().getBytes(StandardCharsets.US_ASCII)))) {
                    withUnitCas.setCertificateEntry("unit-" + n++, ca);
                }
                chains = pkix(withUnitCas);
            }
            return new PinningTrustManager(chains, trust.pinnedSha256());
        } catch (GeneralSecurityException | IOException e) {
            // ServerTrust only holds PEM that parses, so this is a broken JDK rather than a bad setting.
            throw new IllegalStateException("cannot set up the unit's TLS trust: " + e.getMessage(), e);
        }
    }

    /** The JDK's PKIX trust manager over the given anchors: chain, validity, and host name when the socket asks. */
    static X509ExtendedTrustManager pkix(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
