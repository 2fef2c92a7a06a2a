package dev.storerelay.application.service;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort.AuthorizationCodeFlowException;
import dev.storerelay.application.service.PendingSignIns.PendingSignIn;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.ReplyAdvice;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.ProviderReplies;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin page's sign-in for a refresh token: begins the authorization-code flow for the unit's own OAuth 2.0
 * settings, keeps the verifier and everything else of it server-side ({@link PendingSignIns}), and on the redirect back
 * exchanges the code and stores the refresh token through {@link UpdateUnitSettingsUseCase#storeRefreshToken}.
 */
public final class SignInForRefreshTokenService implements SignInForRefreshTokenUseCase {
    /** Sign-ins in progress at once; admins are few, so this is room enough and bounds what a setup user can pile up. */
    static final int MAX_PENDING = 200;

    private final UpdateUnitSettingsUseCase settings;
    private final AuthorizationCodeFlowPort flow;
    private final Clock clock;
    private final PendingSignIns pending = new PendingSignIns(MAX_PENDING);

    public SignInForRefreshTokenService(UpdateUnitSettingsUseCase settings, AuthorizationCodeFlowPort flow, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Start start(UnitId unit, URI redirectUri, String byUser) {
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(byUser, "byUser");
        Optional<UnitSettings> own = settings.ownSettings(unit);
        if (own.isEmpty()) {
            return new Start.UnknownUnit();
        }
        SmtpConnection connection = own.get().connection();
        OAuth2Settings oauth2 = connection == null ? null : connection.oauth2();
        if (oauth2 == null) {
            return new Start.Unavailable("This unit has no OAuth 2.0 settings of its own. Signing in stores the refresh "
                    + "token in the settings of the unit that defines the connection: choose OAuth 2.0 with the grant "
                    + "Refresh token there and save first.");
        }
        if (oauth2.grant() != OAuth2Grant.REFRESH_TOKEN) {
            return new Start.Unavailable("Signing in gives a refresh token, which only the grant Refresh token uses; this "
                    + "unit's grant is " + oauth2.grant() + ".");
        }
        if (oauth2.effectiveAuthorizationEndpoint().isEmpty()) {
            return new Start.Unavailable("Enter the provider's sign-in page (authorization endpoint) and save first, or "
                    + "paste a refresh token instead.");
        }
        AuthorizationCodeFlowPort.Start begun = flow.start(oauth2, redirectUri, connection.login());
        pending.put(begun.state(), new PendingSignIn(unit, oauth2, begun.codeVerifier(), connection.login(), byUser,
                redirectUri, clock.instant().plus(LIFETIME)), clock.instant());
        return new Start.Redirect(begun.authorizationUrl());
    }

    @Override
    public Completion complete(String state, String code) {
        PendingSignIn signIn = pending.take(state, clock.instant()).orElse(null);
        if (signIn == null) {
            return new Completion.UnknownState();
        }
        if (code == null || code.isBlank()) {
            return new Completion.Failed(signIn.unit(), null, "The provider sent the browser back without a code.",
                    Optional.empty());
        }
        AuthorizationCodeFlowPort.Result result;
        try {
            result = flow.finish(signIn.settings(), signIn.redirectUri(), code, signIn.verifier());
        } catch (AuthorizationCodeFlowException e) {
            return new Completion.Failed(signIn.unit(), e.error().orElse(null), e.getMessage(), advice(e.getMessage()));
        }
        Outcome stored = settings.storeRefreshToken(signIn.unit(), signIn.settings(), result.refreshToken(),
                result.account().orElse(null), signIn.byUser());
        if (stored instanceof Outcome.Done) {
            return new Completion.Stored(signIn.unit(), result.account(), signIn.mailbox());
        }
        String why = stored instanceof Outcome.Conflict conflict && !conflict.violations().isEmpty()
                ? conflict.violations().get(0).message()
                : "The unit no longer exists, so the refresh token was not stored.";
        return new Completion.Failed(signIn.unit(), null, why, Optional.empty());
    }

    @Override
    public Completion refused(String state, String error, String description) {
        PendingSignIn signIn = pending.take(state, clock.instant()).orElse(null);
        if (signIn == null) {
            return new Completion.UnknownState();
        }
        String code = error == null || error.isBlank() ? "error" : error.strip();
        String message = "The provider did not sign you in: " + code
                + (description == null || description.isBlank() ? "" : " (" + description.strip() + ")");
        return new Completion.Failed(signIn.unit(), code, message, advice(message));
    }

    /** The provider-reply table's advice for a token endpoint's or authorization server's error. */
    private static Optional<ReplyAdvice> advice(String message) {
        return ProviderReplies.explain(UpstreamReply.noReply(message));
    }
}
