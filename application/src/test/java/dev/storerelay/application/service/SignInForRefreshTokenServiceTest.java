package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.application.testing.RecordingAuditLog;
import dev.storerelay.application.testing.CountingSignal;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase.Completion;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase.Start;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort;
import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SignInForRefreshTokenServiceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final UnitId NORTH = UnitId.of("north");
    private static final UnitId S1 = UnitId.of("s1");
    private static final URI REDIRECT = URI.create("http://127.0.0.1:8080/admin/oauth2/callback");
    private static final String MAILBOX = "north@shop.example";
    private static final OAuth2Settings REFRESH = new OAuth2Settings(OAuth2Provider.GENERIC, OAuth2Grant.REFRESH_TOKEN, null,
            "relay", new Secret("client-secret"), null, null, null, "https://login.example.net/token",
            "https://login.example.net/authorize", "smtp.send", null);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withStoreInRegion();
    private final CountingSignal signal = new CountingSignal();
    private final RecordingAuditLog trail = new RecordingAuditLog();
    private final AuditTrail audit = new AuditTrail(trail, Optional::empty, clock);
    private final UpdateUnitSettingsService update = new UpdateUnitSettingsService(units, settings,
            new InMemoryMessageQueue(), new InMemoryMessageQueue(), signal, clock, audit, (delay, task) -> { });
    private final FakeFlow flow = new FakeFlow();
    private final SignInForRefreshTokenService service = new SignInForRefreshTokenService(update, flow, clock);

    @Test
    void theCodeFromTheRedirectIsExchangedWithTheKeptVerifierAndTheTokenStoredAsTheUserWhoBegan() {
        settings.with("north", withOAuth2(REFRESH));

        Start start = service.start(NORTH, REDIRECT, "alice");

        assertThat(start).isEqualTo(new Start.Redirect(URI.create("https://login.example.net/authorize?state=state-1")));
        assertThat(flow.loginHints).containsExactly(MAILBOX);
        Completion done = service.complete("state-1", "good-code");

        assertThat(done).isEqualTo(new Completion.Stored(NORTH, Optional.of(MAILBOX), MAILBOX));
        assertThat(flow.exchanges).containsExactly("good-code with verifier-1 for " + REDIRECT);
        assertThat(refreshToken(NORTH)).isEqualTo(new Secret("refresh-1"));
        assertThat(trail.entries()).extracting(e -> e.actor() + " " + e.unit() + " " + e.field() + ": " + e.change())
                .containsExactly("alice north OAuth 2.0 refresh token: set by signing in as " + MAILBOX);
    }

    @Test
    void aStateCompletesOnceOnlyAndLapsesAfterTenMinutes() {
        settings.with("north", withOAuth2(REFRESH));
        service.start(NORTH, REDIRECT, "alice");
        service.start(NORTH, REDIRECT, "alice");

        assertThat(service.complete("state-1", "good-code")).isInstanceOf(Completion.Stored.class);
        assertThat(service.complete("state-1", "good-code")).isEqualTo(new Completion.UnknownState());
        assertThat(service.refused("state-1", "access_denied", null)).isEqualTo(new Completion.UnknownState());
        clock.advance(SignInForRefreshTokenService.LIFETIME);
        assertThat(service.complete("state-2", "good-code")).isEqualTo(new Completion.UnknownState());
        assertThat(service.complete("never-issued", "good-code")).isEqualTo(new Completion.UnknownState());
        assertThat(service.complete(null, "good-code")).isEqualTo(new Completion.UnknownState());

        assertThat(flow.exchanges).hasSize(1);
        assertThat(trail.entries()).hasSize(1);
    }

    @Test
    void theProvidersRefusalEndsTheSignInWithoutStoringAnything() {
        settings.with("north", withOAuth2(REFRESH));
        service.start(NORTH, REDIRECT, "alice");
        int writes = settings.writes();

        Completion refused = service.refused("state-1", "access_denied", "The user declined.");

        assertThat(refused).isEqualTo(new Completion.Failed(NORTH, "access_denied",
                "The provider did not sign you in: access_denied (The user declined.)", Optional.empty()));
        assertThat(service.complete("state-1", "good-code")).isEqualTo(new Completion.UnknownState());
        assertThat(settings.writes()).isEqualTo(writes);
        assertThat(flow.exchanges).isEmpty();
    }

    @Test
    void aRefusedExchangeNamesTheErrorWithTheAdviceOfTheReplyTable() {
        settings.with("north", withOAuth2(REFRESH));
        service.start(NORTH, REDIRECT, "alice");

        Completion failed = service.complete("state-1", "expired-code");

        assertThat(failed).isInstanceOfSatisfying(Completion.Failed.class, f -> {
            assertThat(f.unit()).isEqualTo(NORTH);
            assertThat(f.error()).isEqualTo("invalid_grant");
            assertThat(f.message()).isEqualTo("OAuth 2.0 token refused by login.example.net: invalid_grant (code expired)");
            assertThat(f.advice()).hasValueSatisfying(a -> assertThat(a.fix()).contains("sign in again"));
        });
        assertThat(refreshToken(NORTH)).isNull();
    }

    @Test
    void settingsChangedWhileSigningInGetNoToken() {
        settings.with("north", withOAuth2(REFRESH));
        service.start(NORTH, REDIRECT, "alice");
        OAuth2Settings otherClient = new OAuth2Settings(OAuth2Provider.GENERIC, OAuth2Grant.REFRESH_TOKEN, null, "another",
                null, null, null, null, "https://login.example.net/token", "https://login.example.net/authorize",
                "smtp.send", null);
        settings.with("north", withOAuth2(otherClient));

        Completion failed = service.complete("state-1", "good-code");

        assertThat(failed).isInstanceOfSatisfying(Completion.Failed.class,
                f -> assertThat(f.message()).contains("changed while you were signing in"));
        assertThat(refreshToken(NORTH)).isNull();
        assertThat(trail.entries()).isEmpty();
    }

    @Test
    void onlyAUnitWithItsOwnRefreshTokenSettingsAndASignInPageCanBegin() {
        settings.with("north", withOAuth2(REFRESH));
        assertThat(service.start(S1, REDIRECT, "alice")).as("s1 inherits north's block")
                .isInstanceOfSatisfying(Start.Unavailable.class, u -> assertThat(u.reason()).contains("no OAuth 2.0 settings of its own"));
        assertThat(service.start(UnitId.of("ghost"), REDIRECT, "alice")).isEqualTo(new Start.UnknownUnit());
        settings.with("north", withOAuth2(new OAuth2Settings(OAuth2Provider.GENERIC, OAuth2Grant.CLIENT_CREDENTIALS, null,
                "relay", new Secret("client-secret"), null, null, null, "https://login.example.net/token", null,
                "smtp.send", null)));
        assertThat(service.start(NORTH, REDIRECT, "alice")).isInstanceOfSatisfying(Start.Unavailable.class,
                u -> assertThat(u.reason()).contains("CLIENT_CREDENTIALS"));
        settings.with("north", withOAuth2(new OAuth2Settings(OAuth2Provider.GENERIC, OAuth2Grant.REFRESH_TOKEN, null,
                "relay", null, null, null, null, "https://login.example.net/token", null, "smtp.send", null)));
        assertThat(service.start(NORTH, REDIRECT, "alice")).isInstanceOfSatisfying(Start.Unavailable.class,
                u -> assertThat(u.reason()).contains("sign-in page"));
        assertThat(flow.loginHints).isEmpty();
    }

    @Test
    void theOldestBegunSignInGivesWayWhenTooManyAreOpen() {
        settings.with("north", withOAuth2(REFRESH));
        for (int i = 0; i <= SignInForRefreshTokenService.MAX_PENDING; i++) {
            service.start(NORTH, REDIRECT, "alice");
        }

        assertThat(service.complete("state-1", "good-code")).isEqualTo(new Completion.UnknownState());
        assertThat(service.complete("state-2", "good-code")).isInstanceOf(Completion.Stored.class);
    }

    @Test
    void begunSignInsThatLapsedAreForgotten() {
        PendingSignIns pending = new PendingSignIns(5);
        PendingSignIns.PendingSignIn signIn = new PendingSignIns.PendingSignIn(NORTH, REFRESH, new Secret("v"), MAILBOX,
                "alice", REDIRECT, T0.plus(Duration.ofMinutes(10)));
        pending.put("a", signIn, T0);
        pending.put("b", signIn, T0.plus(Duration.ofMinutes(10)));

        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.take("a", T0)).isEmpty();
    }

    private static UnitSettings withOAuth2(OAuth2Settings oauth2) {
        return new UnitSettings(new SmtpConnection(new ServerAddress("smtp.example.net"), new Port(587), MAILBOX, null,
                SecureSocketOptions.START_TLS, oauth2, ServerTrust.DEFAULT), null);
    }

    private Secret refreshToken(UnitId unit) {
        return settings.loadSettings(unit).connection().oauth2().refreshToken();
    }

    /** Issues state-N and verifier-N; exchanges "good-code" with the right verifier, refuses "expired-code". */
    private static final class FakeFlow implements AuthorizationCodeFlowPort {
        final List<String> loginHints = new ArrayList<>();
        final List<String> exchanges = new ArrayList<>();
        private int started;

        @Override
        public Start start(OAuth2Settings settings, URI redirectUri, String loginHint) {
            started++;
            loginHints.add(loginHint);
            return new Start(URI.create(settings.effectiveAuthorizationEndpoint().orElseThrow() + "?state=state-" + started),
                    "state-" + started, new Secret("verifier-" + started));
        }

        @Override
        public Result finish(OAuth2Settings settings, URI redirectUri, String code, Secret codeVerifier)
                throws AuthorizationCodeFlowException {
            if (code.equals("expired-code")) {
                throw new AuthorizationCodeFlowException("OAuth 2.0 token refused by login.example.net: invalid_grant "
                        + "(code expired)", "invalid_grant", null);
            }
            exchanges.add(code + " with " + codeVerifier.reveal() + " for " + redirectUri);
            return new Result(new Secret("refresh-" + codeVerifier.reveal().substring("verifier-".length())),
                    Optional.of(MAILBOX));
        }
    }
}
