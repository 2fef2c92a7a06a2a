package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.RoutingDecision;
import dev.storerelay.domain.model.RoutingDecision.Refusal;
import dev.storerelay.domain.model.RoutingFacts;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.Texts;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.Optional;

/**
 * Which store a message belongs to (DESIGN §3). The first rule that applies wins: the authenticated client's unit,
 * the store header, (sender patterns and client networks: issue #3), then the root unit.
 */
public final class StoreRouter {
    private StoreRouter() {
    }

    public static RoutingDecision route(RoutingFacts facts, OrgTree units) {
        List<String> named = facts.storeHeaderValues().stream().map(String::strip).distinct().toList();
        if (named.size() > 1) {
            return new RoutingDecision.Refused(Refusal.AMBIGUOUS_STORE,
                    "the message names more than one store: " + Texts.printable(String.join(", ", named)));
        }
        Optional<String> claimed = named.stream().findFirst();

        if (facts.authenticated().isPresent()) {
            UnitId own = facts.authenticated().get();
            if (claimed.isPresent() && !claimed.get().equals(own.value())) {
                return new RoutingDecision.Refused(Refusal.OTHER_STORE_CLAIMED, "authenticated for store " + own
                        + ", not permitted to send for store " + Texts.printable(claimed.get()));
            }
            return new RoutingDecision.Routed(own, RoutingReason.AUTHENTICATED_CLIENT, "client authenticated for store " + own);
        }

        if (claimed.isPresent()) {
            String value = claimed.get();
            if (!UnitId.isValid(value) || !units.contains(new UnitId(value))) {
                return new RoutingDecision.Refused(Refusal.UNKNOWN_STORE, "unknown store " + Texts.printable(value));
            }
            return new RoutingDecision.Routed(new UnitId(value), RoutingReason.STORE_HEADER, "store header names " + value);
        }

        Optional<OrgUnit> root = units.root();
        if (root.isEmpty()) {
            return new RoutingDecision.Refused(Refusal.NO_UNITS, "no organizational unit is configured yet");
        }
        return new RoutingDecision.Routed(root.get().id(), RoutingReason.ROOT_UNIT, "no rule applied; root unit");
    }
}
