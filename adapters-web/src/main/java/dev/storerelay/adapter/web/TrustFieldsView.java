package dev.storerelay.adapter.web;

import static dev.storerelay.domain.model.ServerTrust.CA_CERTIFICATES_PEM;
import static dev.storerelay.domain.model.ServerTrust.PINNED_SHA256;

/**
 * The unit's own trust in its server's certificate (issue #20): pinned SHA-256 fingerprints, one per line, and CA
 * certificates in PEM. Part of the connection block, so it is stored and inherited with it.
 */
final class TrustFieldsView {
    static final String FIELDSET_ID = "trust-settings";

    private TrustFieldsView() {
    }

    static Html fields(SmtpServerPage.Context c, FormFields f) {
        String source = c.sources().connection();
        Html h = new Html().open("fieldset", "id", FIELDSET_ID, "class", "trust")
                .el("legend", OAuth2SettingsHelp.TRUST_LEGEND)
                .el("p", OAuth2SettingsHelp.TRUST_INTRO, "class", "help");
        f.open(h, PINNED_SHA256, OAuth2SettingsHelp.PINNED_SHA256, OAuth2SettingsHelp.PINNED_SHA256_HELP, source);
        f.textarea(h, PINNED_SHA256, c.values().pinnedSha256());
        FormFields.end(h);
        f.open(h, CA_CERTIFICATES_PEM, OAuth2SettingsHelp.CA_CERTIFICATES_PEM, OAuth2SettingsHelp.CA_CERTIFICATES_PEM_HELP,
                source);
        f.textarea(h, CA_CERTIFICATES_PEM, c.values().caCertificatesPem());
        FormFields.end(h);
        return h.close("fieldset");
    }
}
