package dev.storerelay.adapter.relay.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for test upstream servers, made at test time with the JDK's keytool (no key material is
 * committed). Each has a key store for the server and a trust store holding only its certificate, which the relay
 * is given as its operator trust store.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit";
    private static final Map<String, Issued> ISSUED = new ConcurrentHashMap<>();

    private TestCertificates() {
    }

    /** Server and trust store, for a server whose certificate names {@code localhost} and {@code 127.0.0.1}. */
    public record Issued(Path keyStore, Path trustStore) {
        /** The certificate alone in PEM, for clients that take a CA file (Python's ssl, swaks). */
        public Path certificatePem() {
            return keyStore.resolveSibling("server.pem");
        }

        /** A relay's trust that holds only this certificate, as the operator's trust store would add it. */
        public X509TrustManager trust() {
            try (InputStream in = Files.newInputStream(trustStore)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, PASSWORD.toCharArray());
                return x509(store);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot load test trust store", e);
            }
        }

        /** The server certificate's SHA-256 fingerprint as a unit pins it: 64 lower-case hex digits. */
        public String sha256() {
            try (InputStream in = Files.newInputStream(certificatePem())) {
                byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the test certificate", e);
            }
        }

        /** The issuing CA's certificate in PEM, for a certificate from {@link #issuedByCa()}. */
        public String caPem() {
            try {
                return Files.readString(keyStore.resolveSibling("ca.pem"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public SSLContext serverContext() {
            try (InputStream in = Files.newInputStream(keyStore)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, PASSWORD.toCharArray());
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, PASSWORD.toCharArray());
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot load test key store", e);
            }
        }
    }

    /** The JDK's CAs only: a relay without an operator trust store. */
    public static X509TrustManager jdkTrust() {
        try {
            return x509(null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509TrustManager x509(KeyStore trusted) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** A certificate valid for localhost and 127.0.0.1. */
    public static Issued localhost() {
        return ISSUED.computeIfAbsent("localhost", name -> issue(name, "dns:localhost,ip:127.0.0.1"));
    }

    /** A certificate for another host name: trusted, but the host name check must refuse it on 127.0.0.1. */
    public static Issued otherHost() {
        return ISSUED.computeIfAbsent("other.example", name -> issue(name, "dns:other.example"));
    }

    /**
     * A certificate for localhost and 127.0.0.1 issued by a CA of its own (made here too), as a unit's private CA
     * would: the trust store holds the CA, {@link Issued#caPem()} gives it in PEM.
     */
    public static Issued issuedByCa() {
        return ISSUED.computeIfAbsent("ca-issued", name -> issueFromCa());
    }

    private static Issued issueFromCa() {
        try {
            Path dir = Files.createTempDirectory("store-relay-ca");
            dir.toFile().deleteOnExit();
            Path caStore = dir.resolve("ca.p12");
            Path caPem = dir.resolve("ca.pem");
            Path keyStore = dir.resolve("server.p12");
            Path request = dir.resolve("server.csr");
            Path certificate = dir.resolve("server.pem");
            Path trustStore = dir.resolve("trust.p12");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=store-relay test unit CA", "-ext", "bc:c", "-validity", "2",
                    "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "ca", "-file", caPem.toString(),
                    "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-validity", "2",
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-certreq", "-alias", "server", "-file", request.toString(),
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-gencert", "-rfc", "-alias", "ca", "-infile", request.toString(), "-outfile", certificate.toString(),
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(),
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-importcert", "-noprompt", "-alias", "unit-ca", "-file", caPem.toString(),
                    "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            for (Path file : List.of(caStore, caPem, keyStore, request, certificate, trustStore)) {
                file.toFile().deleteOnExit();
            }
            return new Issued(keyStore, trustStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Issued issue(String commonName, String subjectAltNames) {
        try {
            Path dir = Files.createTempDirectory("store-relay-certs");
            dir.toFile().deleteOnExit();
            Path keyStore = dir.resolve("server.p12");
            Path certificate = dir.resolve("server.pem");
            Path trustStore = dir.resolve("trust.p12");
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + commonName, "-ext", "SAN=" + subjectAltNames, "-validity", "2",
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "server", "-file", certificate.toString(),
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-importcert", "-noprompt", "-alias", "upstream-ca", "-file", certificate.toString(),
                    "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            for (Path file : List.of(keyStore, certificate, trustStore)) {
                file.toFile().deleteOnExit();
            }
            return new Issued(keyStore, trustStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
