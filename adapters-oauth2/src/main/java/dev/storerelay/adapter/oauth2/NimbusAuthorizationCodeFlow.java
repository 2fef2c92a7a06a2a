package dev.storerelay.adapter.oauth2;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import com.nimbusds.openid.connect.sdk.Prompt;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin's "Sign in with …" for a refresh token: the authorization-code flow with PKCE (S256) through Nimbus. The
 * request asks for {@code openid email} besides the settings' scope, so that the ID token says which account signed in.
 */
final class NimbusAuthorizationCodeFlow implements AuthorizationCodeFlowPort {
    private static final Logger LOG = LoggerFactory.getLogger(NimbusAuthorizationCodeFlow.class);

    private final TokenEndpoint endpoint;
    private final Clock clock;

    NimbusAuthorizationCodeFlow(TokenEndpoint endpoint, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Start start(OAuth2Settings settings, URI redirectUri, String loginHint) {
        Objects.requireNonNull(redirectUri, "redirectUri");
        if (settings.grant() != OAuth2Grant.REFRESH_TOKEN) {
            throw new IllegalArgumentException("signing in gives a refresh token; the grant is " + settings.grant());
        }
        URI authorizationEndpoint = settings.effectiveAuthorizationEndpoint().orElseThrow(() ->
                new IllegalArgumentException("the settings name no authorization endpoint to sign in at"));
        Scope scope = TokenRequests.delegatedScope(settings);
        scope.add(OIDCScopeValue.OPENID);
        scope.add(OIDCScopeValue.EMAIL);
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(settings.clientId()))
                .endpointURI(authorizationEndpoint)
                .redirectionURI(redirectUri)
                .scope(scope)
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        if (settings.provider() == OAuth2Provider.GOOGLE) {
            // Google issues a refresh token only for offline access, and again only when consent is given anew.
            request.customParameter("access_type", "offline").prompt(Prompt.Type.CONSENT);
        }
        if (loginHint != null && !loginHint.isBlank()) {
            request.customParameter("login_hint", loginHint.strip());
        }
        return new Start(request.build().toURI(), state.getValue(), new Secret(verifier.getValue()));
    }

    @Override
    public Result finish(OAuth2Settings settings, URI redirectUri, String code, Secret codeVerifier)
            throws AuthorizationCodeFlowException {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        URI tokenEndpoint = settings.effectiveTokenEndpoint();
        AccessTokenResponse response;
        try {
            AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                    new CodeVerifier(codeVerifier.reveal()));
            response = endpoint.send(TokenRequests.withClient(settings, tokenEndpoint, grant, clock.instant()).build());
        } catch (TokenEndpointException e) {
            throw new AuthorizationCodeFlowException(e.getMessage(), e.error(), e.getCause());
        } catch (IllegalArgumentException e) {
            throw new AuthorizationCodeFlowException("OAuth 2.0 client credential unusable: " + e.getMessage(), null, null);
        }
        RefreshToken refreshToken = response.getTokens().getRefreshToken();
        if (refreshToken == null) {
            throw new AuthorizationCodeFlowException("OAuth 2.0 sign-in at " + TokenEndpoint.host(tokenEndpoint)
                    + " gave no refresh token: the app registration must allow offline access", null, null);
        }
        Optional<String> account = account(response);
        LOG.info("Signed in at {} for a refresh token of client {}{}", TokenEndpoint.host(tokenEndpoint), settings.clientId(),
                account.map(a -> " as " + a).orElse(""));
        return new Result(new Secret(refreshToken.getValue()), account);
    }

    /**
     * Who signed in, from the ID token. It came straight from the token endpoint over verified TLS, which is what
     * vouches for it (OpenID Connect Core §3.1.3.7), so its signature is not checked here.
     */
    private static Optional<String> account(AccessTokenResponse response) {
        Object idToken = response.getCustomParameters().get("id_token");
        if (!(idToken instanceof String serialized)) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = JWTParser.parse(serialized).getJWTClaimsSet();
            String email = claims.getStringClaim("email");
            return Optional.ofNullable(email != null ? email : claims.getStringClaim("preferred_username"));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
