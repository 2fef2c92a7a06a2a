package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.application.port.out.RelayCredentialsPort.RelayCredential;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RelayCredentialsPort} does, run against the in-memory fake and the database adapter alike. The
 * units {@link #S1} and {@link #S2} exist when {@link #port()} is called.
 */
public abstract class RelayCredentialsPortContract {
    protected static final UnitId S1 = UnitId.of("s1");
    protected static final UnitId S2 = UnitId.of("s2");

    /** The port under test, without credentials, its store knowing the units {@link #S1} and {@link #S2}. */
    protected abstract RelayCredentialsPort port();

    @Test
    void aUnitHasAtMostOneCredentialFoundByUnitOrExactUserName() {
        assertThat(port().saveCredential(new RelayCredential(S1, "erp-1", "hash-1"))).isTrue();
        assertThat(port().saveCredential(new RelayCredential(S1, "erp-one", "hash-2"))).as("replaces").isTrue();

        assertThat(port().findByUnit(S1)).contains(new RelayCredential(S1, "erp-one", "hash-2"));
        assertThat(port().findByUsername("erp-one")).contains(new RelayCredential(S1, "erp-one", "hash-2"));
        assertThat(port().findByUsername("erp-1")).as("the replaced name is free").isEmpty();
        assertThat(port().findByUsername("ERP-ONE")).as("names are case-sensitive").isEmpty();
        assertThat(port().findByUnit(S2)).isEmpty();
    }

    @Test
    void aUserNameBelongsToOneUnitAndARefusedSaveChangesNothing() {
        port().saveCredential(new RelayCredential(S1, "erp", "hash-1"));

        assertThat(port().saveCredential(new RelayCredential(S2, "erp", "hash-2"))).isFalse();
        assertThat(port().findByUnit(S2)).isEmpty();
        assertThat(port().findByUsername("erp")).contains(new RelayCredential(S1, "erp", "hash-1"));
    }

    @Test
    void deletingRemovesOnlyThatUnitsCredentialAndMayBeRepeated() {
        port().saveCredential(new RelayCredential(S1, "erp-1", "h"));
        port().saveCredential(new RelayCredential(S2, "erp-2", "h"));

        port().deleteCredential(S1);
        port().deleteCredential(S1);

        assertThat(port().findByUnit(S1)).isEmpty();
        assertThat(port().findByUsername("erp-2")).isPresent();
    }
}
