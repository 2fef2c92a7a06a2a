package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.domain.model.UpstreamLogin;

/** For tests without OAuth 2.0 logins: no token can be had, as when no token client is configured. */
final class NoAccessTokens implements AccessTokenPort {
    static final AccessTokenPort INSTANCE = new NoAccessTokens();

    private NoAccessTokens() {
    }

    @Override
    public AccessToken accessToken(UpstreamLogin.OAuth2 login) {
        throw new AccessTokenUnavailableException("no OAuth 2.0 token client is configured", null, null);
    }

    @Override
    public AccessToken replace(UpstreamLogin.OAuth2 login, AccessToken refused) {
        return accessToken(login);
    }
}
