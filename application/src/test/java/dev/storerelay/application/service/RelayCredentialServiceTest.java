package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;

import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryRelayCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.AuthenticationResult;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase.RelayCredentialView;
import dev.storerelay.application.port.out.RelayCredentialsPort.RelayCredential;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.Violation;
import dev.storerelay.domain.policy.PasswordGuessingPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelayCredentialServiceTest {
    private static final String ADDRESS = "192.0.2.10";
    private static final UnitId S1 = UnitId.of("s1");
    private static final UnitId S2 = UnitId.of("s2");
    private static final String PASSWORD = "erp-password-1";

    private final InMemoryOrgUnits units = new InMemoryOrgUnits(new InMemoryUnitSettings()).withTwoStores();
    private final InMemoryRelayCredentials credentials = new InMemoryRelayCredentials();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RelayCredentialService service = new RelayCredentialService(units, credentials,
            new PasswordHashing(new SecureRandom(), 1000), new SecureRandom(), clock, AuditTrail.NONE, CredentialChecks.DEFAULT);

    @Test
    void aCredentialAuthenticatesItsUnit() {
        assertThat(service.setCredentials(S1, "erp", PASSWORD)).isEqualTo(Outcome.done());
        assertThat(service.setCredentials(S2, "pos", "pos-password-2")).isEqualTo(Outcome.done());

        assertThat(unitOf("erp", PASSWORD)).contains(S1);
        assertThat(unitOf("pos", "pos-password-2")).contains(S2);
        assertThat(service.credentials(S1)).contains(new RelayCredentialView("erp"));
        assertThat(service.credentials(S1).orElseThrow().passwordSet()).isTrue();
    }

    @Test
    void onlyASaltedSlowHashIsStored() {
        service.setCredentials(S1, "erp", PASSWORD);
        service.setCredentials(S2, "pos", PASSWORD);

        RelayCredential stored = credentials.findByUnit(S1).orElseThrow();
        assertThat(stored.passwordHash()).startsWith("pbkdf2-sha256$1000$").doesNotContain(PASSWORD);
        assertThat(stored.passwordHash()).isNotEqualTo(credentials.findByUnit(S2).orElseThrow().passwordHash());
        assertThat(stored.toString()).doesNotContain(stored.passwordHash());
    }

    @ParameterizedTest
    @CsvSource(value = {"erp, wrong-password-1", "erp, Erp-password-1", "erp, ''", "ERP, erp-password-1",
            "mallory, erp-password-1", "null, erp-password-1", "erp, null", "'', ''", "erp:x, erp-password-1",
            "e\u0000rp, erp-password-1"}, nullValues = "null")
    void wrongPasswordsAndUnknownUsersAreRefused(String username, String password) {
        service.setCredentials(S1, "erp", PASSWORD);
        assertThat(unitOf(username, password)).isEmpty();
    }

    @Test
    void overlongInputIsRefusedWithoutThrowing() {
        service.setCredentials(S1, "erp", PASSWORD);
        assertThat(unitOf("erp", PASSWORD + "x".repeat(10_000))).isEmpty();
        assertThat(unitOf("u".repeat(10_000), PASSWORD)).isEmpty();
    }

    @Test
    void aUnitWithoutCredentialShowsNoUserName() {
        assertThat(service.credentials(S2)).contains(new RelayCredentialView(null));
        assertThat(service.credentials(S2).orElseThrow().passwordSet()).isFalse();
        assertThat(service.credentials(UnitId.of("nowhere"))).isEmpty();
    }

    @Test
    void replacingTheCredentialRetiresTheOldPasswordAtOnce() {
        service.setCredentials(S1, "erp", PASSWORD);
        assertThat(unitOf("erp", PASSWORD)).contains(S1);      // now cached
        assertThat(service.cachedCredentials()).isEqualTo(1);

        service.setCredentials(S1, "erp", "new-password-99");

        assertThat(service.cachedCredentials()).isZero();
        assertThat(unitOf("erp", PASSWORD)).isEmpty();
        assertThat(unitOf("erp", "new-password-99")).contains(S1);
    }

    @Test
    void aCredentialChangedElsewhereIsNotServedFromTheCache() {
        service.setCredentials(S1, "erp", PASSWORD);
        unitOf("erp", PASSWORD);
        RelayCredentialService otherProcess = new RelayCredentialService(units, credentials,
                new PasswordHashing(new SecureRandom(), 1000), new SecureRandom(), clock, AuditTrail.NONE, CredentialChecks.DEFAULT);

        otherProcess.setCredentials(S1, "erp", "new-password-99");

        assertThat(service.cachedCredentials()).isEqualTo(1);
        assertThat(unitOf("erp", PASSWORD)).isEmpty();
        assertThat(unitOf("erp", "new-password-99")).contains(S1);
    }

    @Test
    void removingTheCredentialEndsAuthentication() {
        service.setCredentials(S1, "erp", PASSWORD);
        unitOf("erp", PASSWORD);

        assertThat(service.removeCredentials(S1)).isEqualTo(Outcome.done());

        assertThat(unitOf("erp", PASSWORD)).isEmpty();
        assertThat(service.credentials(S1)).contains(new RelayCredentialView(null));
        assertThat(service.removeCredentials(S1)).isEqualTo(Outcome.done());
        assertThat(service.removeCredentials(UnitId.of("nowhere"))).isInstanceOf(Outcome.NotFound.class);
    }

    @Test
    void cachedEntriesExpire() {
        service.setCredentials(S1, "erp", PASSWORD);
        unitOf("erp", PASSWORD);
        clock.advance(CredentialChecks.DEFAULT.verifiedFor());

        assertThat(unitOf("erp", PASSWORD)).contains(S1);   // verified again by hash
        assertThat(service.cachedCredentials()).isEqualTo(1);
    }

    @Test
    void failedAttemptsAreNotCached() {
        service.setCredentials(S1, "erp", PASSWORD);
        unitOf("erp", "wrong-password-1");
        unitOf("nobody", "wrong-password-1");
        assertThat(service.cachedCredentials()).isZero();
    }

    @Test
    void aUserNameBelongsToOneUnit() {
        service.setCredentials(S1, "erp", PASSWORD);

        Outcome outcome = service.setCredentials(S2, "erp", "another-password");

        assertThat(outcome).isInstanceOf(Outcome.Conflict.class);
        assertThat(((Outcome.Conflict) outcome).violations()).singleElement()
                .isEqualTo(new Violation("username", "The user name erp is already used by unit s1."));
        assertThat(service.credentials(S2)).contains(new RelayCredentialView(null));
        assertThat(service.setCredentials(S1, "erp", "fresh-password-1")).isEqualTo(Outcome.done());
        assertThat(service.setCredentials(S1, "erp-renamed", "fresh-password-1")).isEqualTo(Outcome.done());
        assertThat(unitOf("erp", "fresh-password-1")).isEmpty();
        assertThat(service.setCredentials(S2, "erp", "another-password")).isEqualTo(Outcome.done());
    }

    @Test
    void invalidInputNamesItsFieldsAndStoresNothing() {
        Outcome outcome = service.setCredentials(S1, "erp shop", "short");

        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) outcome).violations()).extracting(Violation::field).containsExactly("username", "password");
        assertThat(((Outcome.Invalid) outcome).violations()).noneMatch(v -> v.message().contains("short"));
        assertThat(credentials.isEmpty()).isTrue();
        assertThat(service.setCredentials(UnitId.of("nowhere"), "erp", PASSWORD)).isInstanceOf(Outcome.NotFound.class);
    }

    @Test
    void aCacheOfOtherSizeAndLifetimeCanBeChosen() {
        RelayCredentialService small = new RelayCredentialService(units, credentials,
                new PasswordHashing(new SecureRandom(), 1000), new SecureRandom(), clock, AuditTrail.NONE, new CredentialChecks(Duration.ofSeconds(1), 1, PasswordGuessingPolicy.DEFAULT));
        small.setCredentials(S1, "erp", PASSWORD);
        small.setCredentials(S2, "pos", "pos-password-2");
        small.authenticateRelayClient("erp", PASSWORD, ADDRESS);
        small.authenticateRelayClient("pos", "pos-password-2", ADDRESS);
        assertThat(small.cachedCredentials()).isEqualTo(1);
    }

    @Test
    void aGuessedUserNameIsThrottledPerAddressAndTheRightPasswordIsNotCheckedMeanwhile() {
        service.setCredentials(S1, "erp", PASSWORD);
        for (int i = 0; i <= PasswordGuessingPolicy.DEFAULT.freeFailures(); i++) {
            assertThat(service.authenticateRelayClient("erp", "guess-" + i, ADDRESS))
                    .isInstanceOf(AuthenticationResult.Refused.class);
        }
        int lookups = credentials.lookups();

        assertThat(service.authenticateRelayClient("erp", PASSWORD, ADDRESS))
                .isEqualTo(new AuthenticationResult.Throttled<UnitId>(clock.instant().plusSeconds(1)));
        assertThat(credentials.lookups()).as("neither looked up nor hashed").isEqualTo(lookups);
        assertThat(service.authenticateRelayClient("erp", PASSWORD, "192.0.2.99").authenticated())
                .as("the same user name from another address").contains(S1);
        assertThat(service.authenticateRelayClient("pos", "guess", ADDRESS))
                .as("another user name from the same address").isInstanceOf(AuthenticationResult.Refused.class);

        clock.advance(Duration.ofSeconds(1));
        assertThat(unitOf("erp", PASSWORD)).contains(S1);
    }

    @Test
    void overlongGuessesCountAsFailuresToo() {
        for (int i = 0; i <= PasswordGuessingPolicy.DEFAULT.freeFailures(); i++) {
            unitOf("erp", "x".repeat(10_000));
        }

        assertThat(service.authenticateRelayClient("erp", PASSWORD, ADDRESS)).isInstanceOf(AuthenticationResult.Throttled.class);
    }

    /** The unit authenticated from {@link #ADDRESS}, empty when refused or throttled. */
    private Optional<UnitId> unitOf(String username, String password) {
        return service.authenticateRelayClient(username, password, ADDRESS).authenticated();
    }
}
