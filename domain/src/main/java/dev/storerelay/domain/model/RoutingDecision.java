package dev.storerelay.domain.model;

import java.util.Objects;

/** The store a message belongs to, and why; or why the message must be refused. */
public sealed interface RoutingDecision {

    record Routed(UnitId store, RoutingReason reason, String explanation) implements RoutingDecision {
        public Routed {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    record Refused(Refusal refusal, String explanation) implements RoutingDecision {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /** Why a message cannot be routed, with the SMTP reply it earns (RFC 5321 §4.2, RFC 3463 codes). */
    enum Refusal {
        /** The store header names a unit that does not exist (or is not a unit id at all). */
        UNKNOWN_STORE(550, "5.1.0"),
        /** The store header appears more than once with different values. */
        AMBIGUOUS_STORE(550, "5.6.0"),
        /** An authenticated client named another store than its own. */
        OTHER_STORE_CLAIMED(550, "5.7.1"),
        /** No organizational unit is configured yet; the client should try again later. */
        NO_UNITS(451, "4.3.0");

        private final int code;
        private final String enhancedCode;

        Refusal(int code, String enhancedCode) {
            this.code = code;
            this.enhancedCode = enhancedCode;
        }

        public int code() {
            return code;
        }

        public String enhancedCode() {
            return enhancedCode;
        }

        public boolean isPermanent() {
            return code >= 500;
        }
    }
}
