package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.testing.TestCertificates;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;

/** Client trust for the test certificate, and the certificate's key exported as PEM (keytool cannot do that). */
final class TlsTestContexts {
    private TlsTestContexts() {
    }

    /** A client context that trusts exactly the localhost test certificate. */
    static SSLContext trustingLocalhost() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TestCertificates.localhost().trustStore())) {
            trust.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    /** The localhost test key as an unencrypted PKCS#8 PEM file in {@code dir}. */
    static Path localhostKeyPem(Path dir) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TestCertificates.localhost().keyStore())) {
            store.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        Key key = store.getKey("server", TestCertificates.PASSWORD.toCharArray());
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path file = dir.resolve("server-key.pem");
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }
}
