package dev.storerelay.application.service;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.BulkUnitsUseCase;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.RateLimitView;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.TransactionPort;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.Violation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Export and import of units through the single-unit use cases, so that an imported row is checked and stored exactly
 * as the API's and the page's calls for one unit check and store it; the whole import runs in one transaction, rolled
 * back when any row is wrong.
 */
public final class BulkUnitsService implements BulkUnitsUseCase {
    private final LoadOrgTreePort loadTree;
    private final ManageOrgUnitsUseCase units;
    private final UpdateUnitSettingsUseCase settings;
    private final UpdateRoutingUseCase routing;
    private final ManageRateLimitsUseCase limits;
    private final TransactionPort transactions;

    public BulkUnitsService(LoadOrgTreePort loadTree, ManageOrgUnitsUseCase units, UpdateUnitSettingsUseCase settings,
                            UpdateRoutingUseCase routing, ManageRateLimitsUseCase limits, TransactionPort transactions) {
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.units = Objects.requireNonNull(units, "units");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public List<UnitExport> exportUnits() {
        OrgTree tree = loadTree.loadOrgTree();
        List<UnitExport> exported = new ArrayList<>();
        for (OrgUnit unit : parentsFirst(tree)) {
            UnitSettings own = settings.ownSettings(unit.id()).orElse(UnitSettings.INHERIT_ALL);
            UnitRouting rules = routing.routing(unit.id()).orElse(null);
            RateLimitView limit = limits.rateLimit(unit.id()).orElse(null);
            exported.add(new UnitExport(unit, own.equals(UnitSettings.INHERIT_ALL) ? null : own,
                    rules == null || rules.isEmpty() ? null : rules,
                    limit == null ? null : limit.own(), limit == null ? null : limit.ownConnections()));
        }
        return exported;
    }

    @Override
    public ImportReport importUnits(List<UnitImport> rows, boolean dryRun) {
        try {
            return transactions.inOneTransaction(() -> {
                ImportReport report = importAll(rows);
                if (report instanceof ImportReport.Rejected || dryRun) {
                    throw new RollBack(report);
                }
                return report;
            });
        } catch (RollBack rolledBack) {
            return rolledBack.report;
        }
    }

    private ImportReport importAll(List<UnitImport> rows) {
        Set<UnitId> existing = new HashSet<>();
        loadTree.loadOrgTree().units().forEach(unit -> existing.add(unit.id()));
        Map<Integer, Map<String, String>> errors = new HashMap<>();
        Map<UnitId, Integer> firstRow = new HashMap<>();
        for (UnitImport row : rows) {
            if (!row.parseErrors().isEmpty()) {
                errors.computeIfAbsent(row.row(), r -> new LinkedHashMap<>()).putAll(row.parseErrors());
            }
            if (row.id() != null) {
                Integer first = firstRow.putIfAbsent(row.id(), row.row());
                if (first != null) {
                    errors.computeIfAbsent(row.row(), r -> new LinkedHashMap<>())
                            .put("id", "Unit " + row.id() + " is in row " + first + " already.");
                }
            }
        }
        int created = 0;
        for (UnitImport row : parentsFirst(rows, existing)) {
            if (row.id() == null || errors.containsKey(row.row()) && errors.get(row.row()).containsKey("id")) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            boolean isNew = !existing.contains(row.id());
            Outcome unit = units.putUnit(row.id(), row.name(), row.parentId());
            note(unit, "", fields);
            if (unit instanceof Outcome.Done) {
                created += isNew ? 1 : 0;
                existing.add(row.id());
                if (row.smtp().given()) {
                    note(row.smtp().value() == null ? settings.clearSettings(row.id())
                            : settings.updateSettings(row.id(), row.smtp().value()), "smtp.", fields);
                }
                if (row.routing().given()) {
                    RoutingLists lists = row.routing().value() == null ? new RoutingLists(List.of(), List.of())
                            : row.routing().value();
                    note(routing.updateRouting(row.id(), lists.senderPatterns(), lists.clientNetworks()), "routing.", fields);
                }
                if (row.limits().given()) {
                    Limits given = row.limits().value() == null ? new Limits(null, null) : row.limits().value();
                    note(limits.setRateLimit(row.id(), given.messagesPerMinute()), "limits.", fields);
                    note(limits.setConnectionLimit(row.id(), given.maxConnections()), "limits.", fields);
                }
            }
            if (!fields.isEmpty()) {
                errors.computeIfAbsent(row.row(), r -> new LinkedHashMap<>()).putAll(fields);
            }
        }
        if (!errors.isEmpty()) {
            List<RowError> wrong = errors.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new RowError(e.getKey(), e.getValue())).toList();
            return new ImportReport.Rejected(wrong);
        }
        return new ImportReport.Imported(created, rows.size() - created);
    }

    /** A violation's field under {@code prefix}; a unit that vanished is named as the id's problem. */
    private static void note(Outcome outcome, String prefix, Map<String, String> fields) {
        if (outcome instanceof Outcome.NotFound notFound) {
            fields.putIfAbsent("id", "There is no " + notFound.what() + ".");
        } else if (outcome instanceof Outcome.Invalid invalid) {
            put(invalid.violations(), prefix, fields);
        } else if (outcome instanceof Outcome.Conflict conflict) {
            put(conflict.violations(), prefix, fields);
        }
    }

    private static void put(List<Violation> violations, String prefix, Map<String, String> fields) {
        for (Violation violation : violations) {
            fields.putIfAbsent(prefix + violation.field(), violation.message());
        }
    }

    /**
     * The rows in an order in which each parent comes before its children (a parent that exists already, or that no
     * row names, leaves the row where it is); rows of a cycle come last, where the tree's own checks refuse them.
     */
    private static List<UnitImport> parentsFirst(List<UnitImport> rows, Set<UnitId> existing) {
        Map<UnitId, List<UnitImport>> waitingFor = new HashMap<>();
        Set<UnitId> named = new HashSet<>();
        rows.forEach(row -> {
            if (row.id() != null) {
                named.add(row.id());
            }
        });
        List<UnitImport> ordered = new ArrayList<>(rows.size());
        Deque<UnitImport> ready = new ArrayDeque<>();
        for (UnitImport row : rows) {
            UnitId parent = row.parentId();
            if (parent == null || !named.contains(parent) || parent.equals(row.id())) {
                ready.add(row);
            } else {
                waitingFor.computeIfAbsent(parent, p -> new ArrayList<>()).add(row);
            }
        }
        Set<UnitImport> placed = new HashSet<>();
        while (!ready.isEmpty()) {
            UnitImport row = ready.poll();
            if (!placed.add(row)) {
                continue;
            }
            ordered.add(row);
            if (row.id() != null) {
                ready.addAll(waitingFor.getOrDefault(row.id(), List.of()));
            }
        }
        rows.stream().filter(row -> !placed.contains(row)).forEach(ordered::add);
        return ordered;
    }

    /** The tree's units, each after its parent, siblings by id. */
    private static List<OrgUnit> parentsFirst(OrgTree tree) {
        List<OrgUnit> ordered = new ArrayList<>();
        Deque<OrgUnit> next = new ArrayDeque<>();
        tree.root().ifPresent(next::add);
        while (!next.isEmpty()) {
            OrgUnit unit = next.poll();
            ordered.add(unit);
            tree.children(unit.id()).stream().sorted(Comparator.comparing(u -> u.id().value())).forEach(next::add);
        }
        return ordered;
    }

    /** Ends the transaction with a roll-back and carries the report out of it. */
    private static final class RollBack extends RuntimeException {
        private final transient ImportReport report;

        RollBack(ImportReport report) {
            super(null, null, false, false);
            this.report = report;
        }
    }
}
