package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.application.testing.RecordingAuditLog;
import dev.storerelay.application.testing.CountingSignal;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.model.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateUnitSettingsServiceTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final UnitId S1 = UnitId.of("s1");
    private static final UnitId GHOST = UnitId.of("ghost");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withOneStore();
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final CountingSignal signal = new CountingSignal();
    private final UpdateUnitSettingsService service = new UpdateUnitSettingsService(units, settings, queue, queue, signal, clock, AuditTrail.NONE, (delay, task) -> { });

    private static SmtpSettingsForm form(String address, String port, String login, PasswordChange password) {
        return new SmtpSettingsForm(address, port, login, password, "START_TLS", "s1@example.com");
    }

    private SmtpConnection ownConnection() {
        return service.ownSettings(S1).orElseThrow().connection();
    }

    @Test
    void savingSettingsRetriesTheDeferredMailOfTheUnitAndTheUnitsBelowItAtOnce() {
        units.with("south", "Region South", "company").with("s2", "Store 2", "south");
        MessageId ofS1 = deferred(S1);
        MessageId ofS2 = deferred(UnitId.of("s2"));
        clock.set(T0.plusSeconds(60));
        int signals = signal.count();

        assertThat(service.updateSettings(UnitId.of("company"), form("smtp.example.com", null, "shop",
                new PasswordChange.Replace(new Secret("corrected"))))).isEqualTo(Outcome.done());

        assertThat(queue.findMessage(ofS1).orElseThrow().nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(queue.findMessage(ofS2).orElseThrow().nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(signal.count()).isGreaterThan(signals);

        MessageId again = deferred(UnitId.of("s2"));
        service.updateSettings(S1, form("smtp.example.com", null, null, new PasswordChange.Keep()));
        assertThat(queue.findMessage(again).orElseThrow().nextAttemptAt()).as("s2 is not below s1").isEqualTo(LATER);
    }

    private static final Instant LATER = T0.plusSeconds(3600);

    /** A message of {@code store} whose first attempt failed for now: due again in an hour. */
    private MessageId deferred(UnitId store) {
        EmailAddress recipient = new EmailAddress("customer@example.com");
        MessageId id = queue.enqueue(new NewMessage(store, RoutingReason.STORE_HEADER, "store header", new EmailAddress("erp@legacy.example"),
                List.of(recipient), null, MessageContent.ofBytes("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)),
                "erp.local", "192.0.2.7", clock.instant()));
        queue.claimDue(clock.instant(), 10, "w", clock.instant().plusSeconds(60));
        queue.recordAttempt(new DeliveryAttempt(id, clock.instant(), List.of(new DeliveryAttempt.RecipientOutcome(recipient,
                RecipientStatus.PENDING, new UpstreamReply(535, "5.7.8 bad login"))), LATER, false, false, "535 bad login"), "w");
        return id;
    }

    @Test
    void everyChangedFieldIsAuditedWithTheActingUserAndNeverThePassword() {
        RecordingAuditLog trail = new RecordingAuditLog();
        AuditTrail audit = new AuditTrail(trail, () -> java.util.Optional.of("alice"), clock);
        UpdateUnitSettingsService audited = new UpdateUnitSettingsService(units, settings, queue, queue, signal, clock, audit, (delay, task) -> { });

        audited.updateSettings(S1, form("mail.example.com", "587", "shop", new PasswordChange.Replace(new Secret("top secret value"))));
        audited.updateSettings(S1, form("mail.example.com", "587", "shop", new PasswordChange.Keep()));
        audited.clearSettings(S1);

        assertThat(trail.entries()).extracting(e -> e.field() + ": " + e.change()).containsExactly(
                "SMTP Server Address: set to mail.example.com", "Port Number: set to 587", "SMTP Server Login: set to shop",
                "SMTP Server Password: set", "Secure Socket Options: set to START_TLS", "Outgoing Email address: set to s1@example.com",
                "SMTP Server Address: cleared (was mail.example.com; inherited now)", "Port Number: cleared (was 587; inherited now)",
                "SMTP Server Login: cleared (was shop; inherited now)", "SMTP Server Password: cleared",
                "Secure Socket Options: cleared (was START_TLS; inherited now)",
                "Outgoing Email address: cleared (was s1@example.com; inherited now)");
        assertThat(trail.entries()).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.unit()).isEqualTo(S1);
            assertThat(e.at()).isEqualTo(T0);
        });
        assertThat(trail.entries().toString()).doesNotContain("top secret value");
    }

    @Test
    void aRefreshTokenFromASignInIsStoredInTheOwnSettingsAuditedAsTheUserWhoSignedInAndRetriesDeferredMail() {
        dev.storerelay.domain.model.OAuth2Settings oauth2 = new dev.storerelay.domain.model.OAuth2Settings(
                dev.storerelay.domain.model.OAuth2Provider.GOOGLE, dev.storerelay.domain.model.OAuth2Grant.REFRESH_TOKEN,
                null, "client-1", new Secret("client secret"), null, null, null, null, null, null, null);
        settings.with("s1", new UnitSettings(new SmtpConnection(new dev.storerelay.domain.model.ServerAddress("smtp.gmail.com"),
                new Port(587), "s1@shop.example", null, dev.storerelay.domain.model.SecureSocketOptions.START_TLS, oauth2,
                dev.storerelay.domain.model.ServerTrust.DEFAULT), new EmailAddress("s1@shop.example")));
        RecordingAuditLog trail = new RecordingAuditLog();
        AuditTrail audit = new AuditTrail(trail, () -> java.util.Optional.empty(), clock);
        UpdateUnitSettingsService audited = new UpdateUnitSettingsService(units, settings, queue, queue, signal, clock, audit, (delay, task) -> { });
        MessageId waiting = deferred(S1);
        clock.set(T0.plusSeconds(60));

        assertThat(audited.storeRefreshToken(S1, oauth2, new Secret("refresh token value"), "s1@shop.example", "alice"))
                .isEqualTo(Outcome.done());

        assertThat(ownConnection().oauth2()).isEqualTo(oauth2.withRefreshToken(new Secret("refresh token value")));
        assertThat(ownConnection().login()).isEqualTo("s1@shop.example");
        assertThat(service.ownSettings(S1).orElseThrow().outgoingEmailAddress()).isEqualTo(new EmailAddress("s1@shop.example"));
        assertThat(trail.entries()).extracting(e -> e.actor() + ": " + e.field() + ": " + e.change())
                .containsExactly("alice: OAuth 2.0 refresh token: set by signing in as s1@shop.example");
        assertThat(queue.findMessage(waiting).orElseThrow().nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(trail.entries().toString()).doesNotContain("refresh token value");

        dev.storerelay.domain.model.OAuth2Settings otherClient = new dev.storerelay.domain.model.OAuth2Settings(
                dev.storerelay.domain.model.OAuth2Provider.GOOGLE, dev.storerelay.domain.model.OAuth2Grant.REFRESH_TOKEN,
                null, "client-2", null, null, null, null, null, null, null, null);
        assertThat(audited.storeRefreshToken(S1, otherClient, new Secret("another"), null, "alice"))
                .isInstanceOf(Outcome.Conflict.class);
        assertThat(audited.storeRefreshToken(GHOST, oauth2, new Secret("another"), null, "alice"))
                .isInstanceOf(Outcome.NotFound.class);
        assertThat(ownConnection().oauth2().refreshToken()).isEqualTo(new Secret("refresh token value"));
    }

    @Test
    void unknownUnitsAreNotFoundAndNothingIsStored() {
        assertThat(service.ownSettings(GHOST)).isEmpty();
        assertThat(service.updateSettings(GHOST, form("mail.example.com", null, null, new PasswordChange.Keep())))
                .isInstanceOf(Outcome.NotFound.class);
        assertThat(service.clearSettings(GHOST)).isInstanceOf(Outcome.NotFound.class);
        assertThat(settings.writes()).isZero();
        assertThat(signal.count()).isZero();
    }

    @Test
    void aUnitWithoutOwnSettingsInheritsAll() {
        assertThat(service.ownSettings(S1)).contains(UnitSettings.INHERIT_ALL);
    }

    @Test
    void invalidFormsAreRefusedWithFieldErrorsAndNothingIsStored() {
        holdOneMessage();
        Outcome outcome = service.updateSettings(S1, new SmtpSettingsForm(null, "abc", "user", new PasswordChange.Keep(),
                "TLS", "Shop <s1@example.com>"));
        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) outcome).violations()).extracting(Violation::field)
                .contains("serverAddress", "port", "password", "secureSocketOptions", "outgoingEmailAddress");
        assertThat(settings.writes()).isZero();
        assertThat(signal.count()).isZero();
    }

    @Test
    void thePasswordIsKeptReplacedAndClearedAcrossUpdates() {
        assertThat(service.updateSettings(S1, form("mail.example.com", "587", "user", new PasswordChange.Replace(new Secret("pw1")))))
                .isEqualTo(Outcome.done());
        assertThat(ownConnection().password()).isEqualTo(new Secret("pw1"));

        assertThat(service.updateSettings(S1, form("smtp.example.com", "2525", "user", new PasswordChange.Keep())))
                .isEqualTo(Outcome.done());
        assertThat(ownConnection().serverAddress().value()).isEqualTo("smtp.example.com");
        assertThat(ownConnection().port()).isEqualTo(new Port(2525));
        assertThat(ownConnection().password()).isEqualTo(new Secret("pw1"));

        assertThat(service.updateSettings(S1, form("smtp.example.com", null, "user2", new PasswordChange.Keep())))
                .isEqualTo(Outcome.done());
        assertThat(ownConnection().login()).isEqualTo("user2");
        assertThat(ownConnection().password()).isEqualTo(new Secret("pw1"));

        assertThat(service.updateSettings(S1, form("smtp.example.com", null, "user2", new PasswordChange.Replace(new Secret("pw2")))))
                .isEqualTo(Outcome.done());
        assertThat(ownConnection().password()).isEqualTo(new Secret("pw2"));

        assertThat(service.updateSettings(S1, form("smtp.example.com", null, null, new PasswordChange.Clear())))
                .isEqualTo(Outcome.done());
        assertThat(ownConnection().login()).isNull();

        // Nothing to keep any more: a login alone now needs a password again.
        assertThat(service.updateSettings(S1, form("smtp.example.com", null, "user2", new PasswordChange.Keep())))
                .isInstanceOf(Outcome.Invalid.class);
    }

    @Test
    void clearingRemovesTheOwnSettings() {
        service.updateSettings(S1, form("mail.example.com", null, null, new PasswordChange.Keep()));
        assertThat(service.clearSettings(S1)).isEqualTo(Outcome.done());
        assertThat(service.ownSettings(S1)).contains(UnitSettings.INHERIT_ALL);
    }

    @Test
    void anUpdateReleasesHeldMailAndSignalsTheWorkers() {
        MessageId held = holdOneMessage();
        clock.advance(Duration.ofMinutes(7));
        assertThat(service.updateSettings(S1, form("mail.example.com", null, null, new PasswordChange.Keep())))
                .isEqualTo(Outcome.done());
        assertThat(signal.count()).isEqualTo(1);
        assertThat(queue.view(held).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(queue.view(held).nextAttemptAt()).isEqualTo(clock.instant());
    }

    @Test
    void clearingAlsoReleasesHeldMail() {
        holdOneMessage();
        service.clearSettings(S1);
        assertThat(signal.count()).isEqualTo(1);
    }

    @Test
    void withoutHeldMailNoSignalIsSent() {
        service.updateSettings(S1, form("mail.example.com", null, null, new PasswordChange.Keep()));
        service.clearSettings(S1);
        assertThat(signal.count()).isZero();
    }

    private MessageId holdOneMessage() {
        EmailAddress to = new EmailAddress("customer@example.org");
        MessageId id = queue.enqueue(new NewMessage(S1, RoutingReason.STORE_HEADER, "store header names s1", null,
                List.of(to), null, MessageContent.ofBytes(new byte[] {'x'}), "erp", "127.0.0.1", clock.instant()));
        queue.claimDue(clock.instant(), 1, "w", clock.instant().plusSeconds(60));
        queue.recordAttempt(new DeliveryAttempt(id, clock.instant(),
                List.of(new DeliveryAttempt.RecipientOutcome(to, RecipientStatus.PENDING, UpstreamReply.noReply("held"))),
                clock.instant().plus(Duration.ofDays(5)), true, false, "held"), "w");
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.HELD);
        return id;
    }
}
