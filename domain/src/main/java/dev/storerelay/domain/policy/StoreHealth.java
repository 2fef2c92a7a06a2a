package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.ReplyAdvice;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreOutcome;
import dev.storerelay.domain.model.StoreStatus;
import dev.storerelay.domain.model.UpstreamReply;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A store's status on the stores overview, from whether it has a server and what its mail did. The first rule that
 * holds wins, so a store shows its most urgent problem:
 * <ol>
 *   <li>{@code HELD_NO_SERVER}: no unit on its path sets an SMTP server, so nothing it sends can leave;</li>
 *   <li>{@code FAILING}: its last {@value #FAILING_AFTER} or more real attempts all delivered nothing, or one did and
 *       the reply is a known configuration problem of the provider-reply table (a refused login, say), which the next
 *       attempts would meet too;</li>
 *   <li>{@code DEFERRED}: some of its mail waits for a retry after a temporary failure;</li>
 *   <li>{@code RATE_LIMITED}: its last mail waits for a send slot under its rate limit;</li>
 *   <li>{@code OK}.</li>
 * </ol>
 * A single permanent failure with an unknown reply (a mistyped customer address) is not a store problem: it shows in
 * the store's failed count, not its status.
 */
public final class StoreHealth {
    /** Real attempts in a row that delivered nothing before a store counts as failing whatever the reply. */
    public static final int FAILING_AFTER = 3;

    static final String NO_SERVER_ADVICE = "Set an SMTP server on the SMTP Server page for this store or a unit above "
            + "it; its held mail goes out as soon as the settings are saved.";
    static final String RATE_LIMITED_ADVICE = "The store sends more than its rate limit allows; its mail goes out as "
            + "send slots come free. Raise the store's limit on the Units page if the upstream takes more.";

    private StoreHealth() {
    }

    /**
     * A store's status, since when it holds (when known), and what to do about it (when known).
     *
     * @param since  {@code null} when unknown
     * @param advice {@code null} when there is nothing to say
     */
    public record Assessment(StoreStatus status, Instant since, String advice) {
        public Assessment {
            Objects.requireNonNull(status, "status");
        }
    }

    public static Assessment assess(boolean hasServer, StoreMail mail) {
        Objects.requireNonNull(mail, "mail");
        if (!hasServer) {
            return new Assessment(StoreStatus.HELD_NO_SERVER,
                    mail.lastEndedAs(StoreOutcome.HELD) ? mail.lastOutcomeSince() : null, NO_SERVER_ADVICE);
        }
        Optional<ReplyAdvice> known = knownReply(mail);
        if (mail.failuresInARow() >= FAILING_AFTER || (mail.failuresInARow() > 0 && known.isPresent())) {
            return new Assessment(StoreStatus.FAILING, mail.failingSince(), known.map(ReplyAdvice::fix).orElse(null));
        }
        if (mail.deferred() > 0) {
            return new Assessment(StoreStatus.DEFERRED, mail.failingSince(), known.map(ReplyAdvice::fix).orElse(null));
        }
        if (mail.lastEndedAs(StoreOutcome.RATE_LIMITED) && mail.queued() > 0) {
            return new Assessment(StoreStatus.RATE_LIMITED, mail.lastOutcomeSince(), RATE_LIMITED_ADVICE);
        }
        return new Assessment(StoreStatus.OK, mail.lastEndedAs(StoreOutcome.DELIVERED) ? mail.lastOutcomeSince() : null,
                null);
    }

    /** What the provider-reply table says about the last reply, if it knows it. */
    private static Optional<ReplyAdvice> knownReply(StoreMail mail) {
        if (mail.lastReply() == null || mail.failuresInARow() == 0) {
            return Optional.empty();
        }
        return ProviderReplies.explain(UpstreamReply.fromShown(mail.lastReply()));
    }
}
