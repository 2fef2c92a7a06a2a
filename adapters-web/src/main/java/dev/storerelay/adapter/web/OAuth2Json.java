package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.ServerTrust;

import java.util.List;

/**
 * A connection block's OAuth 2.0 settings as the API shows them (README, *Admin JSON API*): every field but the secrets, which are
 * write-only; for each secret only whether one is stored.
 */
record OAuth2Json(String provider, String grant, String tenantId, String clientId, boolean clientSecretSet,
                  boolean privateKeySet, String certificatePem, boolean serviceAccountSet, String tokenEndpoint,
                  String authorizationEndpoint, String scope, boolean refreshTokenSet) {

    /** {@code null} for a block without OAuth 2.0. */
    static OAuth2Json of(OAuth2Settings o) {
        if (o == null) {
            return null;
        }
        return new OAuth2Json(o.provider().name(), o.grant().name(), o.tenantId(), o.clientId(), o.clientSecret() != null,
                o.privateKeyPem() != null, o.certificatePem(), o.serviceAccountJson() != null, o.tokenEndpoint(),
                o.authorizationEndpoint(), o.scope(), o.refreshToken() != null);
    }

    /** A unit's own trust in server certificates: pinned fingerprints as certificate viewers show them, CA certificates. */
    record TrustJson(List<String> pinnedSha256, String caCertificatesPem) {
        static TrustJson of(ServerTrust trust) {
            return new TrustJson(trust.pinnedSha256().stream().map(ServerTrust::display).toList(), trust.caCertificatesPem());
        }
    }
}
