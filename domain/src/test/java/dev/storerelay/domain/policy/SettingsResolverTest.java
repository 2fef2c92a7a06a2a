package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.storerelay.domain.model.EffectiveSettings;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.UnitWithSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsResolverTest {
    private static final EmailAddress SYSTEM_DEFAULT = new EmailAddress("no-reply@localhost");
    private static final OrgUnit COMPANY = new OrgUnit(UnitId.of("company"), "Company", null);
    private static final OrgUnit NORTH = new OrgUnit(UnitId.of("north"), "Region North", COMPANY.id());
    private static final OrgUnit STORE = new OrgUnit(UnitId.of("s12"), "Store 12", NORTH.id());

    private static final SmtpConnection COMPANY_SERVER = new SmtpConnection(new ServerAddress("smtp.company.example"),
            null, null, null, SecureSocketOptions.NONE);
    private static final SmtpConnection NORTH_SERVER = new SmtpConnection(new ServerAddress("smtp.north.example"),
            new Port(587), "north", new Secret("north-pw"), SecureSocketOptions.START_TLS);
    private static final SmtpConnection STORE_SERVER = new SmtpConnection(new ServerAddress("192.0.2.12"),
            null, null, null, SecureSocketOptions.SSL_ON_CONNECT);
    private static final EmailAddress COMPANY_SENDER = new EmailAddress("mail@company.example");
    private static final EmailAddress STORE_SENDER = new EmailAddress("s12@company.example");

    private static EffectiveSettings resolve(UnitSettings store, UnitSettings north, UnitSettings company) {
        return SettingsResolver.resolve(List.of(new UnitWithSettings(STORE, store), new UnitWithSettings(NORTH, north),
                new UnitWithSettings(COMPANY, company)), SYSTEM_DEFAULT);
    }

    private static Provenance from(OrgUnit unit) {
        return new Provenance.FromUnit(unit.id(), unit.name());
    }

    @Test
    void aStoreSettingOnlyASenderKeepsItsSenderAndTheRegionsWholeConnection() {
        EffectiveSettings settings = resolve(new UnitSettings(null, STORE_SENDER),
                new UnitSettings(NORTH_SERVER, null), new UnitSettings(COMPANY_SERVER, COMPANY_SENDER));
        assertThat(settings.store()).isEqualTo(STORE.id());
        assertThat(settings.canSend()).isTrue();
        assertThat(settings.connection().value()).isEqualTo(NORTH_SERVER);
        assertThat(settings.connection().value().port()).isEqualTo(new Port(587));
        assertThat(settings.connection().value().login()).isEqualTo("north");
        assertThat(settings.connection().value().password()).isEqualTo(new Secret("north-pw"));
        assertThat(settings.connection().source()).isEqualTo(from(NORTH));
        assertThat(settings.outgoingEmailAddress().value()).isEqualTo(STORE_SENDER);
        assertThat(settings.outgoingEmailAddress().source()).isEqualTo(from(STORE));
    }

    @Test
    void theConnectionIsNeverMixedFromSeveralUnits() {
        // The store's own server has no port and no login: it must not pick up the region's port or login.
        EffectiveSettings settings = resolve(new UnitSettings(STORE_SERVER, null),
                new UnitSettings(NORTH_SERVER, null), UnitSettings.INHERIT_ALL);
        assertThat(settings.connection().value()).isEqualTo(STORE_SERVER);
        assertThat(settings.connection().value().explicitPort()).isEmpty();
        assertThat(settings.connection().value().login()).isNull();
        assertThat(settings.connection().source()).isEqualTo(from(STORE));
    }

    @Test
    void senderIsInheritedSeparatelyFromTheConnection() {
        EffectiveSettings settings = resolve(new UnitSettings(STORE_SERVER, null),
                new UnitSettings(NORTH_SERVER, null), new UnitSettings(null, COMPANY_SENDER));
        assertThat(settings.connection().source()).isEqualTo(from(STORE));
        assertThat(settings.outgoingEmailAddress().value()).isEqualTo(COMPANY_SENDER);
        assertThat(settings.outgoingEmailAddress().source()).isEqualTo(from(COMPANY));
    }

    @Test
    void theNearestUnitWins() {
        EffectiveSettings settings = resolve(UnitSettings.INHERIT_ALL,
                new UnitSettings(NORTH_SERVER, new EmailAddress("north@company.example")),
                new UnitSettings(COMPANY_SERVER, COMPANY_SENDER));
        assertThat(settings.connection().value()).isEqualTo(NORTH_SERVER);
        assertThat(settings.outgoingEmailAddress().value()).isEqualTo(new EmailAddress("north@company.example"));
        assertThat(settings.outgoingEmailAddress().source()).isEqualTo(new Provenance.FromUnit(UnitId.of("north"), "Region North"));
    }

    @Test
    void theRootsConnectionReachesEveryStore() {
        EffectiveSettings settings = resolve(UnitSettings.INHERIT_ALL, UnitSettings.INHERIT_ALL,
                new UnitSettings(COMPANY_SERVER, null));
        assertThat(settings.connection().value()).isEqualTo(COMPANY_SERVER);
        assertThat(settings.connection().source()).isEqualTo(from(COMPANY));
    }

    @Test
    void withoutAnySenderTheSystemDefaultIsUsed() {
        EffectiveSettings settings = resolve(UnitSettings.INHERIT_ALL, new UnitSettings(NORTH_SERVER, null),
                UnitSettings.INHERIT_ALL);
        assertThat(settings.outgoingEmailAddress().value()).isEqualTo(SYSTEM_DEFAULT);
        assertThat(settings.outgoingEmailAddress().source()).isEqualTo(new Provenance.SystemDefault());
    }

    @Test
    void withoutAnyServerTheStoreCannotSend() {
        EffectiveSettings settings = resolve(new UnitSettings(null, STORE_SENDER), UnitSettings.INHERIT_ALL,
                new UnitSettings(null, COMPANY_SENDER));
        assertThat(settings.canSend()).isFalse();
        assertThat(settings.connection()).isNull();
        assertThat(settings.effectiveConnection()).isEmpty();
        assertThat(settings.outgoingEmailAddress().value()).isEqualTo(STORE_SENDER);
    }

    @Test
    void aRootAloneResolvesToItsOwnSettings() {
        EffectiveSettings settings = SettingsResolver.resolve(List.of(new UnitWithSettings(COMPANY, UnitSettings.INHERIT_ALL)),
                SYSTEM_DEFAULT);
        assertThat(settings.store()).isEqualTo(COMPANY.id());
        assertThat(settings.canSend()).isFalse();
        assertThat(settings.outgoingEmailAddress().source()).isInstanceOf(Provenance.SystemDefault.class);
    }

    @Test
    void refusesAnEmptyPath() {
        assertThatIllegalArgumentException().isThrownBy(() -> SettingsResolver.resolve(List.of(), SYSTEM_DEFAULT));
    }
}
