package dev.storerelay.adapter.oauth2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An OAuth 2.0 client's key and self-signed certificate, made at test time with the JDK's keytool (no key material
 * is committed): what an admin uploads to Entra ID (the certificate) and gives the relay (key and certificate in PEM),
 * or what a Google service account's key file holds.
 */
public record ClientKeys(PrivateKey privateKey, X509Certificate certificate) {
    private static final String PASSWORD = "changeit";

    /** A new 2048-bit RSA key with a certificate for {@code CN=<commonName>}, valid for two days. */
    public static ClientKeys generate(String commonName) {
        return generate("RSA", commonName);
    }

    /** A new key ({@code RSA}, 2048 bits, or {@code EC}, P-256) with a certificate for {@code CN=<commonName>}. */
    public static ClientKeys generate(String algorithm, String commonName) {
        try {
            Path dir = Files.createTempDirectory("oauth2-client-keys");
            Path store = dir.resolve("client.p12");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "client", "-keyalg", algorithm, "-dname", "CN=" + commonName,
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
            return new ClientKeys((PrivateKey) keys.getKey("client", PASSWORD.toCharArray()),
                    (X509Certificate) keys.getCertificate("client"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make client keys", e);
        }
    }

    /** The unencrypted PKCS#8 key, as the relay's {@code privateKeyPem} takes it. */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    public String certificatePem() {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A Google service account's key file (Google Cloud console → IAM & Admin → Service accounts → Keys → Add key →
     * JSON) with this key, as the relay's {@code serviceAccountJson} takes it.
     */
    public String serviceAccountJson(String clientEmail, String clientId, String keyId, String tokenUri) {
        return "{\"type\": \"service_account\", \"project_id\": \"shop\", \"private_key_id\": \"" + keyId + "\","
                + " \"private_key\": \"" + privateKeyPem().replace("\n", "\\n") + "\", \"client_email\": \"" + clientEmail
                + "\", \"client_id\": \"" + clientId + "\", \"token_uri\": \"" + tokenUri + "\"}";
    }

    /** The full 64-character lines of the key's Base64 body: any of them in a log or a page is a leak of the key. */
    public List<String> privateKeyLines() {
        return privateKeyPem().lines().filter(line -> line.length() == 64).toList();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
