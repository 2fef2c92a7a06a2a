package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every store of the units does ({@link LoadOrgTreePort} and {@link SaveOrgUnitPort} together), run against the
 * in-memory fake and the database adapter alike.
 */
public abstract class OrgUnitsPortContract {
    private static final UnitId COMPANY = UnitId.of("company");
    private static final UnitId STORE = UnitId.of("store-1");

    /** The loading side of the store under test, without units. */
    protected abstract LoadOrgTreePort load();

    /** The saving side of the same store. */
    protected abstract SaveOrgUnitPort save();

    @Test
    void savedUnitsMakeTheTreeAndSavingAgainRenamesOrMoves() {
        save().saveUnit(new OrgUnit(COMPANY, "Company", null));
        save().saveUnit(new OrgUnit(STORE, "Store 1", COMPANY));
        save().saveUnit(new OrgUnit(STORE, "Store One", COMPANY));

        assertThat(load().loadOrgTree().units()).containsExactly(new OrgUnit(COMPANY, "Company", null),
                new OrgUnit(STORE, "Store One", COMPANY));
    }

    @Test
    void creatingRefusesAnExistingIdAndChangesNothing() {
        assertThat(save().createUnit(new OrgUnit(COMPANY, "Company", null))).isTrue();

        assertThat(save().createUnit(new OrgUnit(COMPANY, "Another name", null))).isFalse();
        assertThat(load().loadOrgTree().find(COMPANY)).contains(new OrgUnit(COMPANY, "Company", null));
    }

    @Test
    void aDeletedUnitIsGoneFromTheTree() {
        save().saveUnit(new OrgUnit(COMPANY, "Company", null));
        save().saveUnit(new OrgUnit(STORE, "Store 1", COMPANY));

        save().deleteUnit(STORE);

        assertThat(load().loadOrgTree().contains(STORE)).isFalse();
        assertThat(load().loadOrgTree().contains(COMPANY)).isTrue();
    }
}
