package dev.storerelay.bootstrap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.FakeXoauth2;
import dev.storerelay.adapter.relay.testing.TestCertificates;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An upstream SMTP server on loopback that accepts {@code AUTH XOAUTH2} only with a valid, unexpired token issued by
 * {@link MockAuthorizationServer} for the right mailbox — the stand-in for Microsoft 365's and Gmail's SMTP servers
 * (and their token checks), which cannot be reached here. SubEthaSMTP ({@link FakeUpstream}, STARTTLS required) with
 * {@link FakeXoauth2}, whose check is real: the token must be a JWT signed with a key from the issuer's JWKS (read over
 * HTTPS when the server starts), with that {@code iss}, not expired ({@code exp} after now, no leeway; an expired
 * token is recorded), not before its {@code nbf}, for the expected {@code aud}, and for the mailbox in XOAUTH2's
 * {@code user=}: an app-only token ({@code idtyp: app}, client credentials) must come from a client allowed to send as
 * that mailbox ({@link #allowApp}, as Exchange's {@code Add-MailboxPermission} does), any other token must have the
 * mailbox as {@code sub}. A refused token gets Gmail's {@code 334} challenge and then {@code 535 5.7.8}.
 *
 * <p>SubEthaSMTP reads command lines of at most 998 characters, so the {@code AUTH XOAUTH2} line must fit: the
 * stand-in's tokens are ES256-signed and short (about 600 characters), and mailbox names should be too. Entra ID's
 * and Google's tokens are longer, and their servers take such lines.
 */
public final class Xoauth2Upstream implements AutoCloseable {
    /** One {@code AUTH XOAUTH2} as the server judged it; {@code refusal} is {@code null} when it was accepted. */
    public record Login(Instant at, String user, String token, String refusal, Instant tokenExpires) {
        public boolean accepted() {
            return refusal == null;
        }

        /** The token had expired when it was offered. */
        public boolean expired() {
            return refusal != null && refusal.startsWith("expired");
        }
    }

    private final FakeUpstream server;
    private final JWKSet keys;
    private final String issuer;
    private final String audience;
    private final Map<String, Set<String>> appMailboxes = new ConcurrentHashMap<>();
    private final Set<String> refuseNextTokenOf = ConcurrentHashMap.newKeySet();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final List<Login> logins = new CopyOnWriteArrayList<>();

    private Xoauth2Upstream(MockAuthorizationServer tokens, String audience, TestCertificates.Issued certificate) {
        this.keys = tokens.jwks();
        this.issuer = tokens.issuer().toString();
        this.audience = audience;
        this.server = FakeUpstream.withAuthentication(FakeUpstream.StartTls.REQUIRED, certificate, new FakeXoauth2(this::accepts));
    }

    /**
     * Starts on a free port with STARTTLS required and {@code certificate} (trust it in the relay), accepting tokens of
     * {@code tokens}' issuer for {@code audience} (the scope the stores ask for).
     */
    public static Xoauth2Upstream start(MockAuthorizationServer tokens, String audience, TestCertificates.Issued certificate) {
        return new Xoauth2Upstream(tokens, audience, certificate);
    }

    /** App-only tokens of {@code clientId} may send as {@code mailbox}. */
    public Xoauth2Upstream allowApp(String clientId, String mailbox) {
        appMailboxes.computeIfAbsent(clientId, id -> ConcurrentHashMap.newKeySet()).add(mailbox);
        return this;
    }

    /** The next token offered for {@code mailbox} is refused as revoked, as is that token from then on. */
    public void refuseNextTokenOf(String mailbox) {
        refuseNextTokenOf.add(mailbox);
    }

    /**
     * Each connection takes one message and is then closed by the server, so every message logs in anew with the token
     * the relay holds at that moment (the relay otherwise keeps a logged-in connection for many messages).
     */
    public void oneMessagePerConnection(boolean on) {
        server.endSessionsAfterEachMessage(on);
    }

    public int port() {
        return server.port();
    }

    /** Every {@code AUTH XOAUTH2} so far, in order. */
    public List<Login> logins() {
        return List.copyOf(logins);
    }

    public List<Login> logins(String user) {
        return logins.stream().filter(login -> user.equals(login.user())).toList();
    }

    /** The logins that offered a token past its expiry. */
    public List<Login> expiredTokensOffered() {
        return logins.stream().filter(Login::expired).toList();
    }

    public List<FakeUpstream.Received> received() {
        return server.received();
    }

    /** The messages received with this recipient. */
    public List<FakeUpstream.Received> receivedFor(String recipient) {
        return server.received().stream().filter(r -> r.recipients().contains(recipient)).toList();
    }

    public List<FakeUpstream.Received> awaitMessages(int count) {
        return server.awaitMessages(count);
    }

    @Override
    public void close() {
        server.close();
    }

    private boolean accepts(String user, String token) {
        Instant now = Instant.now();
        String refusal;
        Instant expires = null;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            expires = claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant();
            refusal = refusal(jwt, claims, user, now);
        } catch (ParseException e) {
            refusal = "not a signed JWT";
        }
        if (refusal == null && refuseNextTokenOf.remove(user)) {
            revoked.add(token);
        }
        if (refusal == null && revoked.contains(token)) {
            refusal = "revoked";
        }
        logins.add(new Login(now, user, token, refusal, expires));
        return refusal == null;
    }

    private String refusal(SignedJWT jwt, JWTClaimsSet claims, String user, Instant now) throws ParseException {
        JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        if (!(key instanceof AsymmetricJWK asymmetric)) {
            return "signed with a key the issuer does not publish";
        }
        try {
            JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), asymmetric.toPublicKey());
            if (!jwt.verify(verifier)) {
                return "signature does not verify";
            }
        } catch (JOSEException e) {
            return "signature cannot be checked: " + e.getMessage();
        }
        if (!issuer.equals(claims.getIssuer())) {
            return "issued by " + claims.getIssuer();
        }
        if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
            return "expired at " + (claims.getExpirationTime() == null ? "?" : claims.getExpirationTime().toInstant()) + ", offered at " + now;
        }
        if (claims.getNotBeforeTime() != null && now.plus(Duration.ofSeconds(1)).isBefore(claims.getNotBeforeTime().toInstant())) {
            return "not valid before " + claims.getNotBeforeTime().toInstant();
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            return "for audience " + claims.getAudience();
        }
        if ("app".equals(claims.getStringClaim("idtyp"))) {
            String client = claims.getStringClaim("azp");
            return appMailboxes.getOrDefault(client, Set.of()).contains(user) ? null
                    : "app " + client + " may not send as " + user;
        }
        return user.equals(claims.getSubject()) ? null : "token of " + claims.getSubject() + ", not " + user;
    }
}
