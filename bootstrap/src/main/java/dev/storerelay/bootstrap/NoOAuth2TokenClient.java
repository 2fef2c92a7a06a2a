package dev.storerelay.bootstrap;

import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.domain.model.UpstreamLogin;

/**
 * Provisional: stands in for the OAuth 2.0 token client until its module is wired in, whose binding replaces this
 * one (delete this class and its provider in {@link CoreModule}). No token can be had, so the mail of an OAuth 2.0
 * store waits with this reason, and its connection test says so; password stores are not affected.
 */
final class NoOAuth2TokenClient implements AccessTokenPort {
    static final String REASON = "no OAuth 2.0 token client is configured";

    @Override
    public AccessToken accessToken(UpstreamLogin.OAuth2 login) {
        throw new AccessTokenUnavailableException(REASON, null, null);
    }

    @Override
    public AccessToken replace(UpstreamLogin.OAuth2 login, AccessToken refused) {
        throw new AccessTokenUnavailableException(REASON, null, null);
    }
}
