package dev.storerelay.application.service;

import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResolveStoreSettingsServiceTest {
    private static final EmailAddress SYSTEM_DEFAULT = new EmailAddress("no-reply@localhost");
    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withStoreInRegion()
            .with("s2", "Store 2", "north");
    private final ResolveStoreSettingsService service = new ResolveStoreSettingsService(units, settings, SYSTEM_DEFAULT);

    private static SmtpConnection connection(String host, Integer port, SecureSocketOptions options) {
        return new SmtpConnection(new ServerAddress(host), port == null ? null : new Port(port), "north",
                new Secret("pw"), options);
    }

    @Test
    void anUnknownStoreResolvesToNothing() {
        assertThat(service.resolve(UnitId.of("ghost"))).isEmpty();
    }

    @Test
    void aStoreInheritsTheRegionsConnectionAndKeepsItsOwnSender() {
        settings.with("north", new UnitSettings(connection("smtp.north.example", null, SecureSocketOptions.AUTO), null))
                .with("s1", new UnitSettings(null, new EmailAddress("s1@example.com")));
        ResolvedSettings resolved = service.resolve(UnitId.of("s1")).orElseThrow();
        assertThat(resolved.settings().store()).isEqualTo(UnitId.of("s1"));
        assertThat(resolved.settings().connection().source()).isEqualTo(new Provenance.FromUnit(UnitId.of("north"), "Region North"));
        assertThat(resolved.settings().outgoingEmailAddress().value()).isEqualTo(new EmailAddress("s1@example.com"));
        assertThat(resolved.settings().outgoingEmailAddress().source()).isEqualTo(new Provenance.FromUnit(UnitId.of("s1"), "Store 1"));
        assertThat(resolved.connectionPlan()).hasValueSatisfying(plan -> {
            assertThat(plan.host().value()).isEqualTo("smtp.north.example");
            assertThat(plan.port()).isEqualTo(25);
            assertThat(plan.tls()).isEqualTo(TlsBehaviour.STARTTLS_WHEN_AVAILABLE);
            assertThat(plan.login()).map(c -> c.username()).contains("north");
        });
    }

    @Test
    void aStoreWithoutOwnSenderGetsTheSystemDefault() {
        settings.with("company", new UnitSettings(connection("smtp.example.com", 587, SecureSocketOptions.START_TLS), null));
        ResolvedSettings resolved = service.resolve(UnitId.of("s2")).orElseThrow();
        assertThat(resolved.settings().outgoingEmailAddress().value()).isEqualTo(SYSTEM_DEFAULT);
        assertThat(resolved.settings().outgoingEmailAddress().source()).isEqualTo(new Provenance.SystemDefault());
        assertThat(resolved.plan().port()).isEqualTo(587);
        assertThat(resolved.plan().tls()).isEqualTo(TlsBehaviour.STARTTLS_REQUIRED);
    }

    @Test
    void aStoreWithNoServerAnywhereCannotSend() {
        settings.with("north", new UnitSettings(null, new EmailAddress("north@example.com")));
        ResolvedSettings resolved = service.resolve(UnitId.of("s1")).orElseThrow();
        assertThat(resolved.settings().canSend()).isFalse();
        assertThat(resolved.connectionPlan()).isEmpty();
        assertThat(resolved.settings().outgoingEmailAddress().value()).isEqualTo(new EmailAddress("north@example.com"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "empty", value = {
            "SSL_ON_CONNECT | empty | 465 | IMPLICIT_TLS",
            "AUTO           | 465   | 465 | IMPLICIT_TLS",
            "NONE           | empty | 25  | PLAIN"})
    void thePlanNamesTheConcretePortAndTls(SecureSocketOptions options, Integer port, int expectedPort, TlsBehaviour tls) {
        settings.with("s1", new UnitSettings(connection("192.0.2.1", port, options), null));
        ResolvedSettings resolved = service.resolve(UnitId.of("s1")).orElseThrow();
        assertThat(resolved.plan().port()).isEqualTo(expectedPort);
        assertThat(resolved.plan().tls()).isEqualTo(tls);
    }
}
