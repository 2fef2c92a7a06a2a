package dev.storerelay.application.port.in;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.RoutingDecision;
import dev.storerelay.domain.model.UnitId;

import java.util.Objects;

/** What the listener answers at the end of DATA. */
public sealed interface RelayResult {

    /** Committed to the queue: answer {@code 250}. */
    record Accepted(MessageId id, UnitId store) implements RelayResult {
        public Accepted {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(store, "store");
        }
    }

    /** Refused by the routing rules: answer with the refusal's code and the explanation. */
    record Refused(RoutingDecision.Refusal refusal, String explanation) implements RelayResult {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(explanation, "explanation");
        }
    }
}
