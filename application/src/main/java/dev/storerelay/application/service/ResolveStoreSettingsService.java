package dev.storerelay.application.service;

import dev.storerelay.domain.model.Provenance;

import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.domain.model.EffectiveSettings;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitWithSettings;
import dev.storerelay.domain.policy.SettingsResolver;
import dev.storerelay.domain.policy.TlsPolicy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

public final class ResolveStoreSettingsService implements ResolveStoreSettingsUseCase {
    private final LoadOrgTreePort loadTree;
    private final UnitSettingsPort settings;
    private final EmailAddress systemDefaultSender;

    public ResolveStoreSettingsService(LoadOrgTreePort loadTree, UnitSettingsPort settings, EmailAddress systemDefaultSender) {
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.systemDefaultSender = Objects.requireNonNull(systemDefaultSender, "systemDefaultSender");
    }

    @Override
    public Optional<ResolvedSettings> resolve(UnitId store) {
        List<OrgUnit> path = loadTree.loadOrgTree().pathToRoot(store);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        List<UnitWithSettings> withSettings = path.stream()
                .map(unit -> new UnitWithSettings(unit, settings.loadSettings(unit.id())))
                .toList();
        EffectiveSettings effective = SettingsResolver.resolve(withSettings, systemDefaultSender);
        return Optional.of(new ResolvedSettings(effective,
                effective.effectiveConnection().map(c -> TlsPolicy.plan(c.value(), definingUnit(c.source()))).orElse(null)));
    }

    /** A connection block always comes from a unit (there is no system default server). */
    private static UnitId definingUnit(Provenance source) {
        if (source instanceof Provenance.FromUnit unit) {
            return unit.unitId();
        }
        throw new IllegalStateException("a connection block comes from a unit, not from " + source);
    }
}
