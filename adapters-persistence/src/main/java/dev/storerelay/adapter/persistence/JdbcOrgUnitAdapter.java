package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;

import java.time.Duration;
import java.util.List;

/** The organizational units in table {@code units}. */
final class JdbcOrgUnitAdapter implements LoadOrgTreePort, SaveOrgUnitPort {
    private final Database database;
    private final RecentSnapshot<OrgTree> tree;

    /** Reuses a read tree (see {@link RecentSnapshot}); this adapter's own changes are seen at once. */
    JdbcOrgUnitAdapter(Database database, Duration snapshotMaxAge) {
        this.database = database;
        this.tree = RecentSnapshot.of(database, snapshotMaxAge);
    }

    @Override
    public OrgTree loadOrgTree() {
        return tree.get(this::readOrgTree);
    }

    private OrgTree readOrgTree() {
        List<OrgUnit> units = Jdbc.withHandle(database, "load the organizational units", handle -> handle
                .createQuery("SELECT id, name, parent_id FROM units")
                .map((rows, context) -> {
                    String parent = rows.getString("parent_id");
                    return new OrgUnit(new UnitId(rows.getString("id")), rows.getString("name"),
                            parent == null ? null : new UnitId(parent));
                })
                .list());
        return units.isEmpty() ? OrgTree.empty() : OrgTree.of(units);
    }

    @Override
    public void saveUnit(OrgUnit unit) {
        tree.change(database, "save unit " + unit.id(), handle -> handle
                .createUpdate("INSERT INTO units (id, name, parent_id) VALUES (?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE name = VALUES(name), parent_id = VALUES(parent_id)")
                .bind(0, unit.id().value())
                .bind(1, unit.name())
                .bind(2, unit.parentId() == null ? null : unit.parentId().value())
                .execute());
    }

    @Override
    public boolean createUnit(OrgUnit unit) {
        try {
            tree.change(database, "create unit " + unit.id(), handle -> handle
                    .createUpdate("INSERT INTO units (id, name, parent_id) VALUES (?, ?, ?)")
                    .bind(0, unit.id().value())
                    .bind(1, unit.name())
                    .bind(2, unit.parentId() == null ? null : unit.parentId().value())
                    .execute());
            return true;
        } catch (Jdbc.PersistenceException e) {
            // The primary key refused it: the unit exists, and the transaction left it as it was.
            if (SqlFailures.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void deleteUnit(UnitId id) {
        // unit_settings follows by ON DELETE CASCADE; the caller has checked that no child unit remains.
        tree.change(database, "delete unit " + id, handle -> handle
                .createUpdate("DELETE FROM units WHERE id = ?")
                .bind(0, id.value())
                .execute());
    }
}
