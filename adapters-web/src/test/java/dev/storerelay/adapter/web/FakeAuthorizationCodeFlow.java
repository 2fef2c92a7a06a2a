package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.AuthorizationCodeFlowPort;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider that approves every sign-in at once, without a network: {@link #start} gives its authorization URL with a
 * random state, and the code it "sends back" for a state ({@link #codeFor}) is exchanged only with the verifier issued
 * for that state, like PKCE. {@link #EXPIRED_CODE} is refused with {@code invalid_grant}.
 */
final class FakeAuthorizationCodeFlow implements AuthorizationCodeFlowPort {
    static final String EXPIRED_CODE = "expired-code";
    static final String REFRESH_TOKEN = "Fake-Refresh-Token-Value-77";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> verifierByState = new ConcurrentHashMap<>();
    private final List<String> exchanges = new ArrayList<>();
    private volatile String account = "north@shop.example";

    @Override
    public Start start(OAuth2Settings settings, URI redirectUri, String loginHint) {
        String state = token();
        String verifier = token();
        verifierByState.put(state, verifier);
        URI endpoint = settings.effectiveAuthorizationEndpoint().orElseThrow();
        return new Start(URI.create(endpoint + "?client_id=" + enc(settings.clientId()) + "&redirect_uri="
                + enc(redirectUri.toString()) + "&state=" + state + "&login_hint=" + enc(loginHint)), state, new Secret(verifier));
    }

    @Override
    public Result finish(OAuth2Settings settings, URI redirectUri, String code, Secret codeVerifier)
            throws AuthorizationCodeFlowException {
        synchronized (exchanges) {
            exchanges.add(code);
        }
        if (code.equals(EXPIRED_CODE)) {
            throw new AuthorizationCodeFlowException("OAuth 2.0 token refused by login.example.net: invalid_grant "
                    + "(the code has expired)", "invalid_grant", null);
        }
        String state = code.startsWith("code-") ? code.substring("code-".length()) : "";
        if (!codeVerifier.reveal().equals(verifierByState.get(state))) {
            throw new AuthorizationCodeFlowException("OAuth 2.0 token refused by login.example.net: invalid_grant "
                    + "(PKCE verification failed)", "invalid_grant", null);
        }
        return new Result(new Secret(REFRESH_TOKEN), Optional.ofNullable(account));
    }

    /** The code the provider would send back for the sign-in with this state. */
    static String codeFor(String state) {
        return "code-" + state;
    }

    /** The account the provider says signed in; {@code null}: it does not say. */
    void signsInAs(String account) {
        this.account = account;
    }

    List<String> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String enc(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
