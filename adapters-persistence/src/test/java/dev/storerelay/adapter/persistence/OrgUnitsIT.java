package dev.storerelay.adapter.persistence;

import java.time.Duration;

import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.application.testing.OrgUnitsPortContract;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

/** The database adapter of the units; it passes the contract the in-memory fake passes too. */
class OrgUnitsIT extends OrgUnitsPortContract {
    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static Database database;
    static JdbcOrgUnitAdapter units;

    @BeforeAll
    static void adapters() {
        database = DB.database();
        units = new JdbcOrgUnitAdapter(database, Duration.ZERO);
    }

    @Override
    protected LoadOrgTreePort load() {
        return units;
    }

    @Override
    protected SaveOrgUnitPort save() {
        return units;
    }

    @Test
    void noUnitsGiveAnEmptyTree() {
        assertThat(units.loadOrgTree().units()).isEmpty();
    }

    @Test
    void savedUnitsLoadAsOneTree() {
        units.saveUnit(unit("company", "Company", null));
        units.saveUnit(unit("north", "Region North", "company"));
        units.saveUnit(unit("store-1", "Store 1", "north"));

        OrgTree tree = units.loadOrgTree();

        assertThat(tree.units()).containsExactly(unit("company", "Company", null), unit("north", "Region North", "company"),
                unit("store-1", "Store 1", "north"));
        assertThat(tree.pathToRoot(UnitId.of("store-1"))).extracting(OrgUnit::id)
                .containsExactly(UnitId.of("store-1"), UnitId.of("north"), UnitId.of("company"));
    }

    @Test
    void savingAgainUpdatesNameAndParent() {
        units.saveUnit(unit("company", "Company", null));
        units.saveUnit(unit("north", "Region North", "company"));
        units.saveUnit(unit("store-1", "Store 1", "company"));

        units.saveUnit(unit("store-1", "Store One", "north"));

        assertThat(units.loadOrgTree().find(UnitId.of("store-1"))).contains(unit("store-1", "Store One", "north"));
        assertThat(units.loadOrgTree().units()).hasSize(3);
    }

    @Test
    void creatingAnExistingIdChangesNothing() {
        units.saveUnit(unit("company", "Company", null));
        units.saveUnit(unit("north", "Region North", "company"));
        assertThat(units.createUnit(unit("store-1", "Store 1", "north"))).isTrue();

        assertThat(units.createUnit(unit("store-1", "Somewhere else", "company"))).isFalse();

        assertThat(units.loadOrgTree().find(UnitId.of("store-1"))).contains(unit("store-1", "Store 1", "north"));
        assertThat(units.loadOrgTree().units()).hasSize(3);
    }

    @Test
    void unitIdsAreCaseSensitive() {
        units.saveUnit(unit("company", "Company", null));
        units.saveUnit(unit("store", "lower", "company"));
        units.saveUnit(unit("STORE", "upper", "company"));

        OrgTree tree = units.loadOrgTree();

        assertThat(tree.find(UnitId.of("store")).map(OrgUnit::name)).contains("lower");
        assertThat(tree.find(UnitId.of("STORE")).map(OrgUnit::name)).contains("upper");
    }

    @Test
    void deletingAUnitRemovesItAndItsSettings() {
        JdbcUnitSettingsAdapter settings = new JdbcUnitSettingsAdapter(database, Duration.ZERO);
        units.saveUnit(unit("company", "Company", null));
        units.saveUnit(unit("store-1", "Store 1", "company"));
        settings.saveSettings(UnitId.of("store-1"), new UnitSettings(null, new EmailAddress("store1@example.com")));

        units.deleteUnit(UnitId.of("store-1"));
        units.saveUnit(unit("store-1", "Store 1 again", "company"));

        assertThat(units.loadOrgTree().find(UnitId.of("store-1")).map(OrgUnit::name)).contains("Store 1 again");
        assertThat(settings.loadSettings(UnitId.of("store-1"))).isEqualTo(UnitSettings.INHERIT_ALL);
    }

    @Test
    void deletingAnUnknownUnitDoesNothing() {
        units.saveUnit(unit("company", "Company", null));

        units.deleteUnit(UnitId.of("nope"));

        assertThat(units.loadOrgTree().units()).hasSize(1);
    }

    private static OrgUnit unit(String id, String name, String parent) {
        return new OrgUnit(UnitId.of(id), name, parent == null ? null : UnitId.of(parent));
    }
}
