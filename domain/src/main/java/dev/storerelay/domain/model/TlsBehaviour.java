package dev.storerelay.domain.model;

/** What the upstream connection concretely does about TLS, once {@link SecureSocketOptions#AUTO} is resolved. */
public enum TlsBehaviour {
    /** Plain text; STARTTLS is never sent, even when offered. */
    PLAIN("no encryption"),
    /** TLS from the first byte. */
    IMPLICIT_TLS("TLS from the first byte (implicit TLS)"),
    /** STARTTLS after EHLO; delivery fails if the server does not offer it. */
    STARTTLS_REQUIRED("STARTTLS, required: fails if the server does not offer it"),
    /** STARTTLS after EHLO if offered, else plain text. */
    STARTTLS_WHEN_AVAILABLE("STARTTLS if the server offers it, otherwise no encryption");

    private final String description;

    TlsBehaviour(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean mayUseTls() {
        return this != PLAIN;
    }
}
