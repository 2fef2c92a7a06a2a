package dev.storerelay.adapter.relay.testing;

import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamLogin;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link AccessTokenPort} that issues numbered tokens without any endpoint: the current one until it is replaced.
 * {@link #validFor(String)} tells a {@link FakeXoauth2} which tokens are good for which mailbox; a test can make the
 * upstream refuse the current one ({@link #revokeCurrent()}) or have no token at all ({@link #failWith}).
 */
public final class FakeAccessTokens implements AccessTokenPort {
    public static final Instant EXPIRES = Instant.parse("2099-01-01T00:00:00Z");

    private final AtomicInteger issued = new AtomicInteger();
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private final List<String> replaced = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile AccessToken current;
    private volatile AccessTokenUnavailableException failure;
    private volatile boolean revokeEverything;

    /** OAuth 2.0 settings of a generic provider with client credentials, for logins in tests. */
    public static OAuth2Settings settings() {
        return new OAuth2Settings(OAuth2Provider.GENERIC, OAuth2Grant.CLIENT_CREDENTIALS, null, "relay-client",
                new Secret("client-secret-never-shown"), null, null, null, "https://login.example.net/token", null,
                "smtp.send", null);
    }

    /** An XOAUTH2 login as {@code mailbox} with {@link #settings()}, kept on unit {@code store-a}. */
    public static UpstreamLogin.OAuth2 login(String mailbox) {
        return new UpstreamLogin.OAuth2(mailbox, settings(), UnitId.of("store-a"));
    }

    @Override
    public synchronized AccessToken accessToken(UpstreamLogin.OAuth2 login) {
        requests.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        if (current == null) {
            current = issue();
        }
        return current;
    }

    @Override
    public synchronized AccessToken replace(UpstreamLogin.OAuth2 login, AccessToken refused) {
        replaced.add(refused.value().reveal());
        if (failure != null) {
            throw failure;
        }
        if (current == null || current.equals(refused)) {
            current = issue();
        }
        return current;
    }

    /** The upstream's XOAUTH2 that accepts, for {@code mailbox} only, the tokens this source issued and did not revoke. */
    public FakeXoauth2 xoauth2For(String mailbox) {
        return new FakeXoauth2((user, token) -> validFor(mailbox, user, token));
    }

    /** Whether the upstream should accept {@code token} for {@code user}: issued, not revoked, for that mailbox. */
    public boolean validFor(String mailbox, String user, String token) {
        return mailbox.equals(user) && valid.contains(token);
    }

    /** The upstream refuses the current token from now on (it is still handed out until replaced). */
    public void revokeCurrent() {
        if (current != null) {
            valid.remove(current.value().reveal());
        }
    }

    /** The upstream refuses every token, the ones issued later too. */
    public void revokeAll() {
        revokeEverything = true;
        valid.clear();
    }

    /** No token can be had from now on. */
    public void failWith(AccessTokenUnavailableException failure) {
        this.failure = failure;
    }

    /** The tokens handed out so far, in order. */
    public int issuedCount() {
        return issued.get();
    }

    /** The tokens given to {@link #replace}, in order. */
    public List<String> replaced() {
        return List.copyOf(replaced);
    }

    public int requests() {
        return requests.get();
    }

    /** The token value currently handed out, or {@code null}. */
    public String currentValue() {
        return current == null ? null : current.value().reveal();
    }

    private AccessToken issue() {
        String value = "ya29.test-token-" + issued.incrementAndGet() + "-Zm9vYmFy";
        if (!revokeEverything) {
            valid.add(value);
        }
        return new AccessToken(new Secret(value), EXPIRES);
    }
}
