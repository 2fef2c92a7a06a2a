package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamLogin;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole table: each secure socket option with an empty port and the usual ports (MailKit semantics). */
class TlsPolicyTest {
    private static final UnitId STORE = UnitId.of("store-12");
    private static final ServerAddress HOST = new ServerAddress("mail.example.com");

    @ParameterizedTest(name = "{0} port={1} -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "empty", value = {
            "NONE                     | empty | 25  | PLAIN",
            "NONE                     | 25    | 25  | PLAIN",
            "NONE                     | 465   | 465 | PLAIN",
            "NONE                     | 587   | 587 | PLAIN",
            "NONE                     | 2525  | 2525| PLAIN",
            "AUTO                     | empty | 25  | STARTTLS_WHEN_AVAILABLE",
            "AUTO                     | 25    | 25  | STARTTLS_WHEN_AVAILABLE",
            "AUTO                     | 465   | 465 | IMPLICIT_TLS",
            "AUTO                     | 587   | 587 | STARTTLS_WHEN_AVAILABLE",
            "AUTO                     | 2525  | 2525| STARTTLS_WHEN_AVAILABLE",
            "SSL_ON_CONNECT           | empty | 465 | IMPLICIT_TLS",
            "SSL_ON_CONNECT           | 25    | 25  | IMPLICIT_TLS",
            "SSL_ON_CONNECT           | 465   | 465 | IMPLICIT_TLS",
            "SSL_ON_CONNECT           | 587   | 587 | IMPLICIT_TLS",
            "SSL_ON_CONNECT           | 2525  | 2525| IMPLICIT_TLS",
            "START_TLS                | empty | 25  | STARTTLS_REQUIRED",
            "START_TLS                | 25    | 25  | STARTTLS_REQUIRED",
            "START_TLS                | 465   | 465 | STARTTLS_REQUIRED",
            "START_TLS                | 587   | 587 | STARTTLS_REQUIRED",
            "START_TLS                | 2525  | 2525| STARTTLS_REQUIRED",
            "START_TLS_WHEN_AVAILABLE | empty | 25  | STARTTLS_WHEN_AVAILABLE",
            "START_TLS_WHEN_AVAILABLE | 25    | 25  | STARTTLS_WHEN_AVAILABLE",
            "START_TLS_WHEN_AVAILABLE | 465   | 465 | STARTTLS_WHEN_AVAILABLE",
            "START_TLS_WHEN_AVAILABLE | 587   | 587 | STARTTLS_WHEN_AVAILABLE",
            "START_TLS_WHEN_AVAILABLE | 2525  | 2525| STARTTLS_WHEN_AVAILABLE"})
    void planGivesTheConcretePortAndTlsBehaviour(SecureSocketOptions options, Integer port, int expectedPort,
                                                TlsBehaviour expectedTls) {
        SmtpConnection connection = new SmtpConnection(HOST, port == null ? null : new Port(port), null, null, options);
        ConnectionPlan plan = TlsPolicy.plan(connection, STORE);
        assertThat(plan.host()).isEqualTo(HOST);
        assertThat(plan.port()).isEqualTo(expectedPort);
        assertThat(plan.tls()).isEqualTo(expectedTls);
        assertThat(plan.login()).isEmpty();
        assertThat(TlsPolicy.behaviour(options, expectedPort)).isEqualTo(expectedTls);
    }

    @ParameterizedTest
    @CsvSource({"NONE, 25", "AUTO, 25", "SSL_ON_CONNECT, 465", "START_TLS, 25", "START_TLS_WHEN_AVAILABLE, 25"})
    void defaultPortIs465OnlyForSslOnConnect(SecureSocketOptions options, int port) {
        assertThat(TlsPolicy.defaultPort(options)).isEqualTo(port);
    }

    @Test
    void everyOptionIsCovered() {
        for (SecureSocketOptions options : SecureSocketOptions.values()) {
            assertThat(TlsPolicy.behaviour(options, 2525)).isNotNull();
        }
        assertThat(EnumSet.allOf(SecureSocketOptions.class)).hasSize(5);
    }

    @Test
    void planCarriesTheLogin() {
        SmtpConnection connection = new SmtpConnection(HOST, new Port(587), "store12", new Secret("pw"),
                SecureSocketOptions.START_TLS);
        ConnectionPlan plan = TlsPolicy.plan(connection, STORE);
        assertThat(plan.login()).containsInstanceOf(UpstreamLogin.Password.class).hasValueSatisfying(c -> {
            assertThat(c.username()).isEqualTo("store12");
            assertThat(((UpstreamLogin.Password) c).password()).isEqualTo(new Secret("pw"));
        });
    }

    @Test
    void equalConnectionsGiveEqualPlans() {
        SmtpConnection a = new SmtpConnection(HOST, null, "u", new Secret("pw"), SecureSocketOptions.AUTO);
        SmtpConnection b = new SmtpConnection(new ServerAddress("MAIL.example.com"), new Port(25), "u", new Secret("pw"),
                SecureSocketOptions.AUTO);
        assertThat(TlsPolicy.plan(a, STORE)).isEqualTo(TlsPolicy.plan(b, STORE));
    }

    @ParameterizedTest
    @CsvSource({"PLAIN, false", "IMPLICIT_TLS, true", "STARTTLS_REQUIRED, true", "STARTTLS_WHEN_AVAILABLE, true"})
    void onlyPlainNeverUsesTls(TlsBehaviour behaviour, boolean mayUseTls) {
        assertThat(behaviour.mayUseTls()).isEqualTo(mayUseTls);
        assertThat(behaviour.description()).isNotBlank();
    }
}
