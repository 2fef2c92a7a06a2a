package dev.storerelay.adapter.relay.outbound;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A unit's trust for its upstream server: a server certificate whose SHA-256 fingerprint the unit pinned is trusted
 * whoever issued it (a self-signed one too); any other must have a chain to a trusted CA. Either way the JDK checks
 * the host name against the certificate, since the pinned certificate becomes a trust anchor of its own JDK trust
 * manager rather than being waved through.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager chains;
    private final Set<String> pinned;
    private final Map<String, X509ExtendedTrustManager> pinnedAnchors = new ConcurrentHashMap<>();

    /** @param pinnedSha256 fingerprints in {@link dev.storerelay.domain.model.ServerTrust}'s form: lower-case hex */
    PinningTrustManager(X509ExtendedTrustManager chains, List<String> pinnedSha256) {
        this.chains = chains;
        this.pinned = Set.copyOf(pinnedSha256);
    }

    /** The certificate's SHA-256 fingerprint as lower-case hex, the form pins are stored in. */
    static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot take a certificate's SHA-256 fingerprint", e);
        }
    }

    /** Whether the chain's server certificate is one of the pinned ones. */
    boolean isPinned(X509Certificate[] chain) {
        return chain != null && chain.length > 0 && pinned.contains(sha256(chain[0]));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (isPinned(chain)) {
            anchoredAt(chain[0]).checkServerTrusted(new X509Certificate[] {chain[0]}, authType, socket);
        } else {
            chains.checkServerTrusted(chain, authType, socket);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (isPinned(chain)) {
            anchoredAt(chain[0]).checkServerTrusted(new X509Certificate[] {chain[0]}, authType, engine);
        } else {
            chains.checkServerTrusted(chain, authType, engine);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (isPinned(chain)) {
            anchoredAt(chain[0]).checkServerTrusted(new X509Certificate[] {chain[0]}, authType);
        } else {
            chains.checkServerTrusted(chain, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("upstream connections do not take client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("upstream connections do not take client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("upstream connections do not take client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chains.getAcceptedIssuers();
    }

    /** A JDK trust manager whose only anchor is the pinned certificate, kept per certificate. */
    private X509ExtendedTrustManager anchoredAt(X509Certificate certificate) throws CertificateException {
        try {
            return pinnedAnchors.computeIfAbsent(sha256(certificate), fingerprint -> {
                try {
                    KeyStore anchor = KeyStore.getInstance(KeyStore.getDefaultType());
                    anchor.load(null, null);
                    anchor.setCertificateEntry("pinned", certificate);
                    return UpstreamTrust.pkix(anchor);
                } catch (GeneralSecurityException | java.io.IOException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
        } catch (IllegalStateException e) {
            throw new CertificateException("cannot check the pinned certificate: " + e.getMessage(), e);
        }
    }
}
