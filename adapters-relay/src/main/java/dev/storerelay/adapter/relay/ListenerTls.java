package dev.storerelay.adapter.relay;

import dev.storerelay.domain.model.Secret;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The listener's certificate and private key for {@code STARTTLS} (RFC 3207). Without one the listener does not
 * offer {@code STARTTLS}.
 */
public sealed interface ListenerTls {

    /**
     * PEM files: the certificate chain (server certificate first) and an unencrypted PKCS#8 private key
     * ({@code -----BEGIN PRIVATE KEY-----}, RSA or EC).
     */
    record Pem(Path certificateChain, Path privateKey) implements ListenerTls {
        public Pem {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /**
     * A PKCS#12 key store holding one private key entry and its chain.
     *
     * @param password the store's (and key's) password, {@code null} for none
     */
    record Pkcs12(Path keyStore, Secret password) implements ListenerTls {
        public Pkcs12 {
            Objects.requireNonNull(keyStore, "keyStore");
        }

        public Optional<Secret> storePassword() {
            return Optional.ofNullable(password);
        }
    }
}
