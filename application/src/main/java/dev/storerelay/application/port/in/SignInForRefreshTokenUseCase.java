package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.ReplyAdvice;
import dev.storerelay.domain.model.UnitId;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * "Sign in with …" on the SMTP Server page: a setup admin signs in at the provider with the unit's mailbox (the
 * authorization-code flow with PKCE), and the refresh token that comes back is stored in the unit's own OAuth 2.0
 * settings (grant {@code REFRESH_TOKEN}). Everything about a sign-in in progress stays on the server between
 * {@link #start} and its completion; the browser carries only the {@code state}, which is unguessable, good for one
 * completion and lapses after {@link #LIFETIME}. So the redirect back from the provider, which brings no session
 * cookie along ({@code SameSite=Strict}), is completed from the state alone, and only for the unit and the admin that
 * began it.
 */
public interface SignInForRefreshTokenUseCase {
    /** How long a begun sign-in may take. */
    Duration LIFETIME = Duration.ofMinutes(10);

    /**
     * Begins a sign-in for the refresh token of {@code unit}'s own OAuth 2.0 settings, as saved now.
     *
     * @param redirectUri where the provider sends the browser back; the admin registers it with the provider
     * @param byUser      the signed-in setup admin: the audit trail names them when the token is stored
     */
    Start start(UnitId unit, URI redirectUri, String byUser);

    /**
     * The provider sent the browser back with a code: it is exchanged (with the verifier the server kept) for the
     * refresh token, which is stored. An unknown, used or lapsed {@code state} changes nothing.
     */
    Completion complete(String state, String code);

    /**
     * The provider sent the browser back with an error instead of a code (RFC 6749 §4.1.2.1), e.g. {@code access_denied}
     * when the admin declined. The sign-in ends; nothing is stored.
     *
     * @param description the provider's {@code error_description}; {@code null} when it gave none
     */
    Completion refused(String state, String error, String description);

    /** What beginning a sign-in gave. */
    sealed interface Start {
        /** Send the browser here: the provider's sign-in page with the request. */
        record Redirect(URI authorizationUrl) implements Start {
            public Redirect {
                Objects.requireNonNull(authorizationUrl, "authorizationUrl");
            }
        }

        /** The unit cannot sign in for a refresh token; the reason says what to change first. */
        record Unavailable(String reason) implements Start {
            public Unavailable {
                Objects.requireNonNull(reason, "reason");
            }
        }

        /** There is no such unit. */
        record UnknownUnit() implements Start {
        }
    }

    /** How a sign-in ended. */
    sealed interface Completion {
        /**
         * The refresh token is stored in the unit's settings.
         *
         * @param account the account the provider said signed in, when it said
         * @param mailbox the unit's login (the mailbox it sends as) when the sign-in began
         */
        record Stored(UnitId unit, Optional<String> account, String mailbox) implements Completion {
            public Stored {
                Objects.requireNonNull(unit, "unit");
                Objects.requireNonNull(account, "account");
            }

            /** Whether the provider named an account other than the mailbox: its tokens will not send as the mailbox. */
            public boolean otherAccount() {
                return account.isPresent() && mailbox != null && !account.get().equalsIgnoreCase(mailbox);
            }
        }

        /**
         * The provider refused, or the code could not be exchanged, or the settings changed meanwhile; nothing is
         * stored.
         *
         * @param error   the OAuth 2.0 error code ({@code access_denied}, {@code invalid_grant} …); {@code null} when
         *                there was none
         * @param message what went wrong, for the admin
         * @param advice  what it means and what to do, when the relay knows the error ({@code ProviderReplies})
         */
        record Failed(UnitId unit, String error, String message, Optional<ReplyAdvice> advice) implements Completion {
            public Failed {
                Objects.requireNonNull(unit, "unit");
                Objects.requireNonNull(message, "message");
                Objects.requireNonNull(advice, "advice");
            }
        }

        /** The state is unknown, was used already, or has lapsed: nothing is said about any unit, nothing changes. */
        record UnknownState() implements Completion {
        }
    }
}
