package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The organizational units in table {@code units}. */
final class JdbcOrgUnitAdapter implements LoadOrgTreePort, SaveOrgUnitPort {
    private final Database database;
    private final RecentSnapshot<OrgTree> tree;

    /** Reads the tree on every call. */
    JdbcOrgUnitAdapter(Database database) {
        this(database, Duration.ZERO);
    }

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
        List<OrgUnit> units = Jdbc.withConnection(database, "load the organizational units", connection -> {
            List<OrgUnit> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, name, parent_id FROM units");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String parent = rows.getString("parent_id");
                    found.add(new OrgUnit(new UnitId(rows.getString("id")), rows.getString("name"),
                            parent == null ? null : new UnitId(parent)));
                }
            }
            return found;
        });
        return units.isEmpty() ? OrgTree.empty() : OrgTree.of(units);
    }

    @Override
    public void saveUnit(OrgUnit unit) {
        tree.change(database, "save unit " + unit.id(), connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO units (id, name, parent_id) VALUES (?, ?, ?) "
                            + "ON DUPLICATE KEY UPDATE name = VALUES(name), parent_id = VALUES(parent_id)")) {
                upsert.setString(1, unit.id().value());
                upsert.setString(2, unit.name());
                if (unit.parentId() == null) {
                    upsert.setNull(3, Types.VARCHAR);
                } else {
                    upsert.setString(3, unit.parentId().value());
                }
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean createUnit(OrgUnit unit) {
        try {
            tree.change(database, "create unit " + unit.id(), connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO units (id, name, parent_id) VALUES (?, ?, ?)")) {
                    insert.setString(1, unit.id().value());
                    insert.setString(2, unit.name());
                    if (unit.parentId() == null) {
                        insert.setNull(3, Types.VARCHAR);
                    } else {
                        insert.setString(3, unit.parentId().value());
                    }
                    insert.executeUpdate();
                }
                return null;
            });
            return true;
        } catch (Jdbc.PersistenceException e) {
            // The primary key refused it: the unit exists, and the transaction left it as it was.
            if (e.getCause() instanceof SQLException cause && Jdbc.isDuplicateKey(cause)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void deleteUnit(UnitId id) {
        // unit_settings follows by ON DELETE CASCADE; the caller has checked that no child unit remains.
        tree.change(database, "delete unit " + id, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM units WHERE id = ?")) {
                delete.setString(1, id.value());
                delete.executeUpdate();
            }
            return null;
        });
    }
}
