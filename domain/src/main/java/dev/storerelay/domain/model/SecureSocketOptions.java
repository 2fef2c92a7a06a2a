package dev.storerelay.domain.model;

/**
 * The seed's "Secure Socket Options", with the semantics of MailKit's {@code SecureSocketOptions}.
 * {@link dev.storerelay.domain.policy.TlsPolicy} turns a choice plus port into concrete behaviour.
 */
public enum SecureSocketOptions {
    /** No encryption is used. The default. */
    NONE,
    /** Chosen from the port: implicit TLS on 465, otherwise STARTTLS when the server offers it. */
    AUTO,
    /** TLS from the first byte; typically port 465. */
    SSL_ON_CONNECT,
    /** Upgrade with STARTTLS after EHLO; fail when the server does not offer it. Typically port 587. */
    START_TLS,
    /** Upgrade with STARTTLS if the server offers it, else continue in plain text. */
    START_TLS_WHEN_AVAILABLE;

    public static final SecureSocketOptions DEFAULT = NONE;
}
