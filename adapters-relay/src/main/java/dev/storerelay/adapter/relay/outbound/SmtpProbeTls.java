package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.domain.model.ServerTrust;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * TLS for one connection test: the plan's own trust manager, watched. It tells the transcript what the handshake
 * negotiated and which certificates the server presented, trusted or not (a refused chain is what an admin may want
 * to pin), and keeps the last socket for the report's protocol and cipher. Each connection gets a context of its own,
 * so no session is resumed and every handshake is checked and shown.
 */
final class SmtpProbeTls extends SSLSocketFactory {
    private static final String NO_CIPHER = "SSL_NULL_WITH_NULL_NULL";

    private final X509ExtendedTrustManager trust;
    private final SmtpProbeTranscript transcript;
    private final SSLSocketFactory defaults;
    private volatile SSLSocket lastSocket;
    private volatile X509Certificate[] lastChain;

    SmtpProbeTls(X509ExtendedTrustManager trust, SmtpProbeTranscript transcript) {
        this.trust = trust;
        this.transcript = transcript;
        this.defaults = UpstreamTrust.context(trust).getSocketFactory();
    }

    /** The negotiated session of the last TLS connection, if its handshake completed. */
    Optional<SSLSession> session() {
        SSLSocket socket = lastSocket;
        if (socket == null) {
            return Optional.empty();
        }
        SSLSession session = socket.getSession();       // no new handshake: it completed or the socket is closed
        return session == null || NO_CIPHER.equals(session.getCipherSuite()) ? Optional.empty() : Optional.of(session);
    }

    /** The certificates the server presented last, its own first; empty without TLS. */
    List<SmtpTestReport.Certificate> chain() {
        X509Certificate[] chain = lastChain;
        return chain == null ? List.of() : Arrays.stream(chain).map(SmtpProbeTls::facts).toList();
    }

    static SmtpTestReport.Certificate facts(X509Certificate certificate) {
        return new SmtpTestReport.Certificate(certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), ServerTrust.display(PinningTrustManager.sha256(certificate)));
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        SSLSocketFactory fresh = NoDelaySockets.tls(UpstreamTrust.context(new Watched()).getSocketFactory());
        SSLSocket secure = (SSLSocket) fresh.createSocket(socket, host, port, autoClose);
        lastSocket = secure;
        return secure;
    }

    // Angus layers TLS over its own TCP socket (createSocket above); these are here for completeness only.

    @Override
    public Socket createSocket() throws IOException {
        return defaults.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return defaults.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return defaults.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return defaults.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return defaults.createSocket(address, port, localAddress, localPort);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return defaults.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return defaults.getSupportedCipherSuites();
    }

    /** The plan's trust manager, telling the transcript what it is shown and what it decides. */
    private final class Watched extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null) {
                SSLSession handshake = ssl.getHandshakeSession();
                transcript.note("TLS handshake: " + handshake.getProtocol() + ", " + handshake.getCipherSuite() + ".");
            }
            seen(chain);
            try {
                trust.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                transcript.note("The server's certificate is not trusted: " + e.getMessage());
                throw e;
            }
            trusted(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            seen(chain);
            trust.checkServerTrusted(chain, authType, engine);
            trusted(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            seen(chain);
            trust.checkServerTrusted(chain, authType);
            trusted(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trust.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            trust.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
        }

        private void seen(X509Certificate[] chain) {
            lastChain = chain.clone();
            for (int i = 0; i < chain.length; i++) {
                SmtpTestReport.Certificate c = facts(chain[i]);
                transcript.note((i == 0 ? "Server certificate: " : "Issuer certificate " + i + ": ") + c.subject()
                        + "; issued by " + c.issuer() + "; valid from " + c.notBefore() + " to " + c.notAfter()
                        + "; SHA-256 " + c.sha256() + ".");
            }
        }

        private void trusted(X509Certificate[] chain) {
            boolean pinned = trust instanceof PinningTrustManager pinning && pinning.isPinned(chain);
            transcript.note(pinned ? "The server's certificate is trusted: its SHA-256 fingerprint is pinned for this unit, and it names the server."
                    : "The server's certificate is trusted: its chain leads to a trusted CA, and it names the server.");
        }
    }
}
