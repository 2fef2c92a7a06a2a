package dev.storerelay.domain.policy;

import static dev.storerelay.domain.model.SmtpSettingsForm.LOGIN;
import static dev.storerelay.domain.model.SmtpSettingsForm.OUTGOING_EMAIL_ADDRESS;
import static dev.storerelay.domain.model.SmtpSettingsForm.PASSWORD;
import static dev.storerelay.domain.model.SmtpSettingsForm.PORT;
import static dev.storerelay.domain.model.SmtpSettingsForm.SECURE_SOCKET_OPTIONS;
import static dev.storerelay.domain.model.SmtpSettingsForm.SERVER_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.Validated;
import dev.storerelay.domain.model.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsValidatorTest {
    private static final PasswordChange KEEP = new PasswordChange.Keep();
    private static final PasswordChange CLEAR = new PasswordChange.Clear();
    private static final Secret STORED = new Secret("stored-pw");

    private static PasswordChange replace(String password) {
        return new PasswordChange.Replace(new Secret(password));
    }

    private static SmtpSettingsForm form(String address, String port, String login, PasswordChange password,
                                         String options, String sender) {
        return new SmtpSettingsForm(address, port, login, password, options, sender);
    }

    /** A stored connection block with this password (and a login), or none. */
    private static SmtpConnection storedWith(Secret password) {
        return password == null ? null
                : new SmtpConnection(new ServerAddress("stored.example.com"), null, "stored-user", password, SecureSocketOptions.NONE);
    }

    private static UnitSettings valid(SmtpSettingsForm form, Secret stored) {
        Validated<UnitSettings> result = SettingsValidator.validate(form, storedWith(stored));
        assertThat(result).isInstanceOf(Validated.Valid.class);
        return ((Validated.Valid<UnitSettings>) result).value();
    }

    private static List<Violation> violations(SmtpSettingsForm form, Secret stored) {
        Validated<UnitSettings> result = SettingsValidator.validate(form, storedWith(stored));
        assertThat(result).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<UnitSettings>) result).violations();
    }

    private static List<String> fields(SmtpSettingsForm form, Secret stored) {
        return violations(form, stored).stream().map(Violation::field).toList();
    }

    @Test
    void validFullFormProducesTheUnitSettings() {
        UnitSettings settings = valid(form(" Mail.Example.com ", " 587 ", "store12", replace("s3cret"), "START_TLS",
                " store12@example.com "), null);
        assertThat(settings).isEqualTo(new UnitSettings(
                new SmtpConnection(new ServerAddress("mail.example.com"), new Port(587), "store12", new Secret("s3cret"),
                        SecureSocketOptions.START_TLS),
                new EmailAddress("store12@example.com")));
    }

    @Test
    void anEmptyFormInheritsEverything() {
        assertThat(valid(form(null, null, null, KEEP, null, null), null)).isEqualTo(UnitSettings.INHERIT_ALL);
        assertThat(valid(form("", " ", "", KEEP, "", "  "), null)).isEqualTo(UnitSettings.INHERIT_ALL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "none", " None "})
    void choosingOnlyNoneNeedsNoServerAddress(String options) {
        assertThat(valid(form(null, null, null, KEEP, options, null), null).isEmpty()).isTrue();
    }

    @Test
    void aSenderAloneNeedsNoServerAddress() {
        UnitSettings settings = valid(form(null, null, null, KEEP, "NONE", "s1@example.com"), null);
        assertThat(settings.connection()).isNull();
        assertThat(settings.outgoingEmailAddress()).isEqualTo(new EmailAddress("s1@example.com"));
    }

    @Test
    void anAddressAloneGivesAConnectionWithDefaults() {
        assertThat(valid(form("192.0.2.1", null, null, KEEP, null, null), null).connection())
                .isEqualTo(new SmtpConnection(new ServerAddress("192.0.2.1"), null, null, null, SecureSocketOptions.NONE));
    }

    static Stream<Arguments> connectionFieldsWithoutAddress() {
        return Stream.of(
                Arguments.of("port", form(null, "25", null, KEEP, null, null), null),
                Arguments.of("AUTO", form(null, null, null, KEEP, "AUTO", null), null),
                Arguments.of("SSL_ON_CONNECT", form(" ", null, null, KEEP, "SSL_ON_CONNECT", null), null),
                Arguments.of("START_TLS", form("", null, null, KEEP, "START_TLS", null), null),
                Arguments.of("START_TLS_WHEN_AVAILABLE", form(null, null, null, KEEP, "START_TLS_WHEN_AVAILABLE", null), null),
                Arguments.of("login and password", form(null, null, "user", replace("pw"), "NONE", null), null),
                Arguments.of("login and kept password", form(null, null, "user", KEEP, null, "a@b.c"), STORED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionFieldsWithoutAddress")
    void serverAddressIsRequiredWhenAnyOtherConnectionFieldIsSet(String what, SmtpSettingsForm form, Secret stored) {
        assertThat(violations(form, stored))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo(SERVER_ADDRESS);
                    assertThat(v.message()).contains("required");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail example.com", "a..b", "-a.com", "256.1.1.1", "1.2.3", "mail.example.com\r\nX", "[::1]"})
    void refusesAnInvalidServerAddress(String address) {
        assertThat(violations(form(address, null, null, KEEP, null, null), null))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo(SERVER_ADDRESS);
                    assertThat(v.message()).doesNotContain("\r", "\n");
                });
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "25, 25", "465, 465", "65535, 65535", "' 2525 ', 2525", "00025, 25"})
    void acceptsPortsFromOneTo65535(String text, int port) {
        assertThat(valid(form("mail.example.com", text, null, KEEP, null, null), null).connection().port())
                .isEqualTo(new Port(port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "99999", "-1", "+25", "abc", "25a", "2 5", "25.0", "0x19", "123456",
            "99999999999999999999", "\uff12\uff15"})
    void refusesPortsOutOfRangeOrNotNumeric(String text) {
        assertThat(fields(form("mail.example.com", text, null, KEEP, null, null), null)).containsExactly(PORT);
    }

    @Test
    void emptyPortMeansTheConventionalPort() {
        assertThat(valid(form("mail.example.com", "  ", null, KEEP, "SSL_ON_CONNECT", null), null).connection().port()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"NONE, NONE", "auto, AUTO", "Ssl_On_Connect, SSL_ON_CONNECT", "START_TLS, START_TLS",
            "' start_tls_when_available ', START_TLS_WHEN_AVAILABLE"})
    void acceptsTheFiveSecureSocketOptionsInAnyCase(String text, SecureSocketOptions expected) {
        assertThat(valid(form("mail.example.com", null, null, KEEP, text, null), null).connection().secureSocketOptions())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SSL", "TLS", "STARTTLS", "START-TLS", "yes", "0", "DEFAULT"})
    void refusesAnUnknownSecureSocketOption(String text) {
        assertThat(fields(form("mail.example.com", null, null, KEEP, text, null), null)).containsExactly(SECURE_SOCKET_OPTIONS);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingSecureSocketOptionMeansNone(String text) {
        assertThat(valid(form("mail.example.com", null, null, KEEP, text, null), null).connection().secureSocketOptions())
                .isEqualTo(SecureSocketOptions.NONE);
    }

    static Stream<Arguments> loginWithoutPassword() {
        return Stream.of(
                Arguments.of("keep, nothing stored", KEEP, null),
                Arguments.of("clear, nothing stored", CLEAR, null),
                Arguments.of("clear the stored one", CLEAR, STORED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loginWithoutPassword")
    void aLoginNeedsAPassword(String what, PasswordChange change, Secret stored) {
        assertThat(violations(form("mail.example.com", null, "user", change, null, null), stored))
                .singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo(PASSWORD));
    }

    @Test
    void aPasswordNeedsALogin() {
        assertThat(fields(form("mail.example.com", null, null, replace("pw"), null, null), null)).containsExactly(LOGIN);
        assertThat(fields(form("mail.example.com", null, "", replace("pw"), null, null), STORED)).containsExactly(LOGIN);
    }

    static Stream<Arguments> passwordChanges() {
        return Stream.of(
                Arguments.of("keep the stored one", KEEP, STORED, STORED),
                Arguments.of("replace the stored one", replace("new-pw"), STORED, new Secret("new-pw")),
                Arguments.of("replace when none stored", replace("new-pw"), null, new Secret("new-pw")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwordChanges")
    void passwordIsKeptOrReplacedAgainstTheStoredOne(String what, PasswordChange change, Secret stored, Secret expected) {
        SmtpConnection connection = valid(form("mail.example.com", null, "user", change, null, null), stored).connection();
        assertThat(connection.login()).isEqualTo("user");
        assertThat(connection.password()).isEqualTo(expected);
    }

    @Test
    void clearingLoginAndPasswordTogetherRemovesAuthentication() {
        SmtpConnection connection = valid(form("mail.example.com", null, null, CLEAR, null, null), STORED).connection();
        assertThat(connection.login()).isNull();
        assertThat(connection.password()).isNull();
    }

    @Test
    void keepWithoutLoginAndNothingStoredIsNoAuthentication() {
        assertThat(valid(form("mail.example.com", null, null, KEEP, null, null), null).connection().login()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "   ", "\t"})
    void aBlankLoginIsNotSet(String login) {
        // SmtpSettingsForm: null or blank means "not set on this unit".
        assertThat(valid(form("mail.example.com", null, login, KEEP, null, null), null).connection().login()).isNull();
        assertThat(fields(form("mail.example.com", null, login, replace("pw"), null, null), null)).containsExactly(LOGIN);
    }

    @Test
    void leavingOutTheLoginWhileAPasswordIsStoredDoesNotDropThePasswordSilently() {
        for (SmtpSettingsForm leftOut : List.of(form("mail.example.com", null, null, KEEP, null, null),
                form("mail.example.com", null, "  ", KEEP, null, null), form(null, null, null, KEEP, null, "s1@example.com"))) {
            assertThat(violations(leftOut, STORED)).as(leftOut.toString())
                    .contains(new Violation(PASSWORD, SettingsValidator.STORED_PASSWORD_WITHOUT_LOGIN));
        }
    }

    @Test
    void removingTheLoginAndClearingThePasswordRemovesAuthentication() {
        assertThat(valid(form("mail.example.com", null, null, CLEAR, null, null), STORED).connection().login()).isNull();
        assertThat(valid(form(null, null, null, CLEAR, null, "s1@example.com"), STORED).connection()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user\r\nRCPT TO:<x@y.z>", "user\n", "us\u0000er"})
    void refusesALoginWithLineBreaks(String login) {
        assertThat(fields(form("mail.example.com", null, login, replace("pw"), null, null), null)).containsExactly(LOGIN);
    }

    @Test
    void limitsLoginAndPasswordLength() {
        assertThat(valid(form("m.example.com", null, "u".repeat(255), replace("p".repeat(1024)), null, null), null)).isNotNull();
        assertThat(fields(form("m.example.com", null, "u".repeat(256), replace("pw"), null, null), null)).containsExactly(LOGIN);
        assertThat(fields(form("m.example.com", null, "user", replace("p".repeat(1025)), null, null), null)).containsExactly(PASSWORD);
        assertThat(fields(form("m.example.com", null, "user", replace("pw\r\nx"), null, null), null)).containsExactly(PASSWORD);
    }

    @Test
    void passwordViolationsNeverEchoThePassword() {
        assertThat(violations(form("m.example.com", null, "user", replace("secret\r\n" + "p".repeat(2000)), null, null), null))
                .allSatisfy(v -> assertThat(v.message()).doesNotContain("secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Store 12 <s12@example.com>", "s12@example.com\r\nBcc: x@y.z", "not-an-address",
            "\"s 12\"@example.com", "a@b.c, d@e.f"})
    void refusesAnInvalidOutgoingEmailAddress(String sender) {
        assertThat(fields(form(null, null, null, KEEP, null, sender), null)).containsExactly(OUTGOING_EMAIL_ADDRESS);
    }

    @Test
    void reportsEveryViolationAtOnceWithItsField() {
        List<Violation> violations = violations(
                form("bad host", "abc", "user\r\n", replace("x"), "TLS", "Shop <shop@example.com>"), null);
        assertThat(violations).extracting(Violation::field)
                .containsExactlyInAnyOrder(SERVER_ADDRESS, PORT, LOGIN, SECURE_SOCKET_OPTIONS, OUTGOING_EMAIL_ADDRESS);
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    @Test
    void reportsMissingAddressTogetherWithOtherErrors() {
        assertThat(fields(form(null, "70000", "user", KEEP, null, "x"), null))
                .containsExactlyInAnyOrder(PORT, PASSWORD, SERVER_ADDRESS, OUTGOING_EMAIL_ADDRESS);
    }
}
