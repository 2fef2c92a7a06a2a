package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OrgUnit;

/** One organizational unit as the API shows it; {@code parentId} is {@code null} for the root unit. */
record UnitJson(String id, String name, String parentId) {
    static UnitJson of(OrgUnit unit) {
        return new UnitJson(unit.id().value(), unit.name(), unit.parent().map(p -> p.value()).orElse(null));
    }
}
