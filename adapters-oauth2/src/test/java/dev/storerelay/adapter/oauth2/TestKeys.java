package dev.storerelay.adapter.oauth2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A client's key pair and certificate, made at test time with the JDK's keytool (no key material is committed). */
record TestKeys(PrivateKey privateKey, X509Certificate certificate) {
    private static final String PASSWORD = "changeit";

    /** @param algorithm {@code RSA} or {@code EC} (P-256) */
    static TestKeys generate(String algorithm) {
        try {
            Path dir = Files.createTempDirectory("oauth2-client-keys");
            Path store = dir.resolve("client.p12");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "client", "-keyalg", algorithm, "-dname", "CN=store-relay test client",
                    "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD));
            command.addAll("EC".equals(algorithm) ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            Files.delete(store);
            Files.delete(dir);
            return new TestKeys((PrivateKey) keys.getKey("client", PASSWORD.toCharArray()),
                    (X509Certificate) keys.getCertificate("client"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make test keys", e);
        }
    }

    String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    String certificatePem() {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
