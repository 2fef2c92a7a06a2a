package dev.storerelay.application.service;

import java.time.Clock;

import dev.storerelay.application.testing.MutableClock;

import dev.storerelay.application.testing.InMemoryAdminUsers;
import dev.storerelay.application.port.out.AdminUsersPort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.in.AdminUser;
import dev.storerelay.application.port.out.AdminUsersPort.AdminUserRecord;
import dev.storerelay.application.port.in.AuthenticationResult;
import dev.storerelay.domain.policy.PasswordGuessingPolicy;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminUserServiceTest {
    private static final String ADDRESS = "192.0.2.10";
    private final InMemoryAdminUsers users = new InMemoryAdminUsers();
    private final PasswordHashing hashing = new PasswordHashing(new SecureRandom(), 1000);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final AdminUserService service = new AdminUserService(users, hashing, new SecureRandom(), clock, AuditTrail.NONE, CredentialChecks.DEFAULT);

    @Test
    void authenticatesWithTheRightPassword() {
        service.saveUser("alice", "correct horse", true);
        service.saveUser("bob", "battery staple", false);
        assertThat(signIn("alice", "correct horse").map(AdminUserServiceTest::who)).contains("alice setup");
        assertThat(signIn("bob", "battery staple").map(AdminUserServiceTest::who)).contains("bob view");
    }

    @ParameterizedTest
    @CsvSource(value = {"alice, wrong", "alice, Correct horse", "alice, ''", "mallory, correct horse", "ALICE, correct horse",
            "null, correct horse", "alice, null"}, nullValues = "null")
    void refusesWrongPasswordsAndUnknownUsers(String username, String password) {
        service.saveUser("alice", "correct horse", true);
        assertThat(signIn(username, password)).isEmpty();
    }

    @Test
    void storesOnlyASaltedHash() {
        service.saveUser("alice", "correct horse", true);
        service.saveUser("bob", "correct horse", true);
        AdminUserRecord alice = users.stored("alice");
        assertThat(alice.passwordHash()).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct horse");
        assertThat(alice.passwordHash()).isNotEqualTo(users.stored("bob").passwordHash());
        assertThat(alice.toString()).doesNotContain(alice.passwordHash());
    }

    @Test
    void theFirstStartGeneratesAnAdminPasswordOnce() {
        Optional<String> generated = service.ensureInitialAdmin(null);
        assertThat(generated).hasValueSatisfying(p -> assertThat(p).hasSize(20).matches("[A-Za-z2-9]+"));
        assertThat(signIn(AdminUserService.INITIAL_ADMIN, generated.orElseThrow()).map(AdminUserServiceTest::who))
                .contains("admin setup");

        assertThat(service.ensureInitialAdmin(null)).isEmpty();
        assertThat(service.ensureInitialAdmin("configured")).isEmpty();
        assertThat(users.writes()).isEqualTo(1);
        assertThat(signIn("admin", generated.orElseThrow())).isPresent();
    }

    @Test
    void anEmptyConfiguredPasswordAlsoGeneratesOne() {
        assertThat(service.ensureInitialAdmin("")).isPresent();
    }

    @Test
    void generatedPasswordsDiffer() {
        InMemoryAdminUsers otherUsers = new InMemoryAdminUsers();
        AdminUserService other = new AdminUserService(otherUsers, hashing, new SecureRandom(), Clock.systemUTC(), AuditTrail.NONE, CredentialChecks.DEFAULT);
        assertThat(service.ensureInitialAdmin(null)).isNotEqualTo(other.ensureInitialAdmin(null));
    }

    @Test
    void aConfiguredPasswordIsUsedAndNotReturned() {
        assertThat(service.ensureInitialAdmin("s3cret-admin")).isEmpty();
        assertThat(signIn("admin", "s3cret-admin").map(AdminUserServiceTest::who)).contains("admin setup");
        assertThat(users.stored("admin").passwordHash()).doesNotContain("s3cret-admin");
    }

    @Test
    void nothingHappensWhenUsersExist() {
        service.saveUser("alice", "pw", false);
        assertThat(service.ensureInitialAdmin(null)).isEmpty();
        assertThat(service.ensureInitialAdmin("configured")).isEmpty();
        assertThat(users.usernames()).containsOnly("alice");
        assertThat(users.writes()).isEqualTo(1);
    }

    @Test
    void savingAUserReplacesItsPasswordAndPermission() {
        service.saveUser("alice", "old", true);
        service.saveUser("alice", "new", false);
        assertThat(signIn("alice", "old")).isEmpty();
        assertThat(signIn("alice", "new").map(AdminUserServiceTest::who)).contains("alice view");
    }

    @Test
    void aMalformedStoredHashNeverMatches() {
        users.saveUser(new AdminUserRecord("eve", "plaintext", true));
        assertThat(signIn("eve", "plaintext")).isEmpty();
    }

    @Test
    void aCachedSignInDoesNotOutliveAPasswordChange() {
        service.saveUser("alice", "correct horse", true);
        assertThat(signIn("alice", "correct horse")).isPresent();

        service.saveUser("alice", "new password 1", true);

        assertThat(signIn("alice", "correct horse")).isEmpty();
        assertThat(signIn("alice", "new password 1")).isPresent();
    }

    @Test
    void aCachedSignInDoesNotOutliveAChangeMadeByAnotherProcess() {
        service.saveUser("alice", "correct horse", true);
        assertThat(signIn("alice", "correct horse")).isPresent();

        users.saveUser(new AdminUsersPort.AdminUserRecord("alice", hashing.hash("other password"), true));

        assertThat(signIn("alice", "correct horse")).isEmpty();
    }

    @Test
    void aSetupUserManagesUsersAndPasswordsStayHashesOnly() {
        assertThat(service.save("alice", "a long password 1", true)).isEqualTo(dev.storerelay.application.port.Outcome.done());
        assertThat(service.save("viewer.1", "another password", false)).isEqualTo(dev.storerelay.application.port.Outcome.done());

        assertThat(service.users()).extracting(AdminUserServiceTest::who).containsExactly("alice setup", "viewer.1 view");
        assertThat(signIn("viewer.1", "another password").map(AdminUserServiceTest::who)).contains("viewer.1 view");
        assertThat(users.stored("viewer.1").passwordHash()).doesNotContain("another password");

        // Without a password the permission changes and the password stays.
        assertThat(service.save("viewer.1", null, true)).isEqualTo(dev.storerelay.application.port.Outcome.done());
        assertThat(signIn("viewer.1", "another password").map(AdminUserServiceTest::who)).contains("viewer.1 setup");
    }

    @Test
    void badNamesAndShortOrMissingPasswordsAreFieldErrors() {
        assertThat(service.save("no spaces", "a long password 1", true)).isInstanceOfSatisfying(
                dev.storerelay.application.port.Outcome.Invalid.class,
                invalid -> assertThat(invalid.violations()).extracting(v -> v.field()).containsExactly("username"));
        assertThat(service.save("bob", "short", true)).isInstanceOfSatisfying(dev.storerelay.application.port.Outcome.Invalid.class,
                invalid -> assertThat(invalid.violations()).extracting(v -> v.field()).containsExactly("password"));
        assertThat(service.save("bob", null, true)).as("a new user needs a password")
                .isInstanceOf(dev.storerelay.application.port.Outcome.Invalid.class);
        assertThat(users.usernames()).isEmpty();
    }

    @Test
    void theLastSetupUserStaysAndNobodyRemovesThemselves() {
        service.save("alice", "a long password 1", true);
        service.save("bob", "a long password 2", false);

        assertThat(service.save("alice", null, false)).isInstanceOf(dev.storerelay.application.port.Outcome.Conflict.class);
        assertThat(service.delete("alice", "bob")).isInstanceOf(dev.storerelay.application.port.Outcome.Conflict.class);
        assertThat(service.delete("bob", "bob")).isInstanceOf(dev.storerelay.application.port.Outcome.Conflict.class);
        assertThat(service.delete("nobody", "alice")).isInstanceOf(dev.storerelay.application.port.Outcome.NotFound.class);

        assertThat(service.delete("bob", "alice")).isEqualTo(dev.storerelay.application.port.Outcome.done());
        assertThat(signIn("bob", "a long password 2")).isEmpty();
        assertThat(service.users()).extracting(AdminUserServiceTest::who).containsExactly("alice setup");
        assertThat(service.user("alice").map(AdminUserServiceTest::who)).contains("alice setup");
        assertThat(service.user("bob")).as("removed").isEmpty();
        assertThat(service.user(null)).isEmpty();
    }

    @Test
    void failuresForOtherNamesFromTheSameAddressNeverStopACorrectSignIn() {
        service.saveUser("alice", "correct horse", true);
        for (int i = 0; i < 50; i++) {
            service.authenticate("user" + i, "guess " + i, ADDRESS);
            service.authenticate("user" + i, "guess " + i, ADDRESS);
        }

        assertThat(signIn("alice", "correct horse")).isPresent();
    }

    @Test
    void failuresForANameFromOneAddressNeverStopItFromAnother() {
        service.saveUser("alice", "correct horse", true);
        for (int i = 0; i < 30; i++) {
            service.authenticate("alice", "guess " + i, "192.0.2.66");
        }

        assertThat(service.authenticate("alice", "correct horse", "192.0.2.66"))
                .isInstanceOf(AuthenticationResult.Throttled.class);
        assertThat(service.authenticate("alice", "correct horse", ADDRESS).authenticated()).isPresent();
    }

    @Test
    void aThrottledPairIsNotCheckedEvenWithTheRightPasswordAndLearnsUntilWhen() {
        service.saveUser("alice", "correct horse", true);
        for (int i = 0; i <= PasswordGuessingPolicy.DEFAULT.freeFailures(); i++) {
            assertThat(service.authenticate("alice", "guess " + i, ADDRESS)).isInstanceOf(AuthenticationResult.Refused.class);
        }
        int lookups = users.lookups();

        AuthenticationResult<AdminUser> throttled = service.authenticate("alice", "correct horse", ADDRESS);

        assertThat(throttled).isEqualTo(new AuthenticationResult.Throttled<AdminUser>(clock.instant().plusSeconds(1)));
        assertThat(users.lookups()).as("neither looked up nor hashed").isEqualTo(lookups);
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(signIn("alice", "correct horse")).isPresent();
        assertThat(signIn("alice", "guess again")).as("the success forgot the failures: a free one again").isEmpty();
        assertThat(service.authenticate("alice", "correct horse", ADDRESS).authenticated()).isPresent();
    }

    @Test
    void aCachedRightPasswordIsThrottledToo() {
        service.saveUser("alice", "correct horse", true);
        assertThat(signIn("alice", "correct horse")).isPresent();
        for (int i = 0; i <= PasswordGuessingPolicy.DEFAULT.freeFailures(); i++) {
            signIn("alice", "guess " + i);
        }

        assertThat(service.authenticate("alice", "correct horse", ADDRESS)).isInstanceOf(AuthenticationResult.Throttled.class);
    }

    @Test
    void unknownNamesAreThrottledLikeKnownOnes() {
        for (int i = 0; i <= PasswordGuessingPolicy.DEFAULT.freeFailures(); i++) {
            signIn("mallory", "guess " + i);
        }

        assertThat(service.authenticate("mallory", "guess", ADDRESS)).isInstanceOf(AuthenticationResult.Throttled.class);
    }

    @Test
    void theCredentialStampChangesWithEveryPasswordSetButNotWithThePermissionAndDoesNotRevealTheHash() {
        service.save("root", "a long password 0", true);
        service.save("alice", "a long password 1", true);
        String first = service.user("alice").orElseThrow().credentialStamp();
        assertThat(signIn("alice", "a long password 1").orElseThrow().credentialStamp()).isEqualTo(first);

        service.save("alice", null, false);
        assertThat(service.user("alice").orElseThrow().credentialStamp()).as("permission only").isEqualTo(first);

        service.save("alice", "a long password 1", false);
        String second = service.user("alice").orElseThrow().credentialStamp();
        assertThat(second).as("the same password again, with a fresh salt").isNotEqualTo(first);
        service.save("alice", "a long password 2", false);
        assertThat(service.user("alice").orElseThrow().credentialStamp()).isNotEqualTo(second).isNotEqualTo(first);

        String hash = users.stored("alice").passwordHash();
        AdminUser alice = service.user("alice").orElseThrow();
        assertThat(alice.credentialStamp()).doesNotContain(hash.substring(hash.lastIndexOf('$') + 1))
                .matches("[A-Za-z0-9_-]{22}");
        assertThat(alice.toString()).doesNotContain(alice.credentialStamp());
    }

    /** The user signed in from {@link #ADDRESS}, empty when refused or throttled. */
    private Optional<AdminUser> signIn(String username, String password) {
        return service.authenticate(username, password, ADDRESS).authenticated();
    }

    /** A user as "name setup" or "name view". */
    private static String who(AdminUser user) {
        return user.username() + (user.canSetup() ? " setup" : " view");
    }
}
