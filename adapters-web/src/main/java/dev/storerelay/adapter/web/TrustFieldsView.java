package dev.storerelay.adapter.web;

/**
 * The unit's own trust in its server's certificate (issue #20), laid out by {@code smtpTrustFields.jte}: pinned
 * SHA-256 fingerprints, one per line, and CA certificates in PEM. Part of the connection block, so it is stored and
 * inherited with it.
 */
final class TrustFieldsView {
    static final String FIELDSET_ID = "trust-settings";

    private TrustFieldsView() {
    }
}
