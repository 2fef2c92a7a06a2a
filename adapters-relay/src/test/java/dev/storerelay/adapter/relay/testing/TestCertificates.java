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
