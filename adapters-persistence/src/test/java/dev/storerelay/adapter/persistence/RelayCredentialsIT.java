package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.application.testing.RelayCredentialsPortContract;
import dev.storerelay.application.port.out.RelayCredentialsPort.RelayCredential;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The database adapter of the relay credentials; it passes the contract the in-memory fake passes too. */
class RelayCredentialsIT extends RelayCredentialsPortContract {
    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static JdbcRelayCredentialsAdapter credentials;

    private static final UnitId S1 = UnitId.of("s1");
    private static final UnitId S2 = UnitId.of("s2");
    private static final RelayCredential ERP = new RelayCredential(S1, "erp", "pbkdf2-sha256$600000$c2FsdA$aGFzaA");

    @BeforeAll
    static void adapter() {
        credentials = new JdbcRelayCredentialsAdapter(DB.database());
    }

    @Override
    protected RelayCredentialsPort port() {
        return credentials;
    }

    @BeforeEach
    void tree() {
        DB.companyWithStores(S1, S2);
    }

    @Test
    void aCredentialIsFoundByUserNameAndByUnit() {
        assertThat(credentials.saveCredential(ERP)).isTrue();

        assertThat(credentials.findByUsername("erp")).contains(ERP);
        assertThat(credentials.findByUnit(S1)).contains(ERP);
        assertThat(credentials.findByUsername("ERP")).isEmpty();
        assertThat(credentials.findByUsername("nobody")).isEmpty();
        assertThat(credentials.findByUnit(S2)).isEmpty();
    }

    @Test
    void savingAgainReplacesTheUnitsCredential() {
        credentials.saveCredential(ERP);
        RelayCredential renamed = new RelayCredential(S1, "erp-new", "pbkdf2-sha256$600000$c2FsdA$bmV3");

        assertThat(credentials.saveCredential(renamed)).isTrue();

        assertThat(credentials.findByUnit(S1)).contains(renamed);
        assertThat(credentials.findByUsername("erp")).isEmpty();
    }

    @Test
    void aUserNameOfAnotherUnitIsRefusedAndNothingChanges() {
        credentials.saveCredential(ERP);
        RelayCredential pos = new RelayCredential(S2, "pos", "pbkdf2-sha256$600000$c2FsdA$cG9z");
        credentials.saveCredential(pos);

        assertThat(credentials.saveCredential(new RelayCredential(S2, "erp", "pbkdf2-sha256$600000$c2FsdA$eA"))).isFalse();

        assertThat(credentials.findByUnit(S2)).contains(pos);
        assertThat(credentials.findByUnit(S1)).contains(ERP);
    }

    @Test
    void deletingRemovesOnlyThatUnitsCredential() {
        credentials.saveCredential(ERP);
        credentials.saveCredential(new RelayCredential(S2, "pos", "pbkdf2-sha256$600000$c2FsdA$cG9z"));

        credentials.deleteCredential(S1);
        credentials.deleteCredential(S1);

        assertThat(credentials.findByUnit(S1)).isEmpty();
        assertThat(credentials.findByUsername("pos")).isPresent();
    }

    @Test
    void removingAUnitRemovesItsCredential() {
        credentials.saveCredential(ERP);

        DB.units().deleteUnit(S1);

        assertThat(credentials.findByUsername("erp")).isEmpty();
    }
}
