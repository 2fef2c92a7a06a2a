package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.RoutingDecision;
import dev.storerelay.domain.model.RoutingDecision.Refusal;
import dev.storerelay.domain.model.RoutingFacts;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.SenderPattern;
import dev.storerelay.domain.model.Texts;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.Optional;

/**
 * Which store a message belongs to (README, *Pointing a legacy system at it*). The first rule that applies wins:
 * <ol>
 *   <li>the unit of the relay credential the client authenticated with (naming another store in the header is
 *       refused with {@code 550 5.7.1});</li>
 *   <li>the store header ({@code X-Store-Id}); an unknown id is refused permanently, naming it;</li>
 *   <li>a unit's sender pattern matching the envelope sender (an exact address beats {@code @domain});</li>
 *   <li>a unit's client network containing the client's address (the longest prefix wins);</li>
 *   <li>the root unit.</li>
 * </ol>
 * Several different store header values are refused as ambiguous before any rule, whoever the client is. A
 * sender pattern or client network of a unit that no longer exists is skipped.
 */
public final class StoreRouter {
    private StoreRouter() {
    }

    public static RoutingDecision route(RoutingFacts facts, OrgTree units, RoutingTable routing) {
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

        RoutingTable live = routing.retainUnits(units::contains);
        Optional<RoutingTable.Match<SenderPattern>> bySender = live.bySender(facts.envelopeSender());
        if (bySender.isPresent()) {
            UnitId store = bySender.get().unit();
            return new RoutingDecision.Routed(store, RoutingReason.SENDER_PATTERN, "envelope sender "
                    + facts.envelopeSender() + " matches sender pattern " + bySender.get().rule() + " of store " + store);
        }

        Optional<RoutingTable.Match<ClientNetwork>> byNetwork = live.byClientAddress(facts.clientAddress());
        if (byNetwork.isPresent()) {
            UnitId store = byNetwork.get().unit();
            return new RoutingDecision.Routed(store, RoutingReason.CLIENT_NETWORK, "client address "
                    + Texts.printable(facts.clientAddress()) + " lies in client network " + byNetwork.get().rule()
                    + " of store " + store);
        }

        Optional<OrgUnit> root = units.root();
        if (root.isEmpty()) {
            return new RoutingDecision.Refused(Refusal.NO_UNITS, "no organizational unit is configured yet");
        }
        return new RoutingDecision.Routed(root.get().id(), RoutingReason.ROOT_UNIT, "no rule applied; root unit " + root.get().id());
    }
}
