package dev.storerelay.domain.policy;

import static dev.storerelay.domain.policy.ReplyPattern.saying;
import static dev.storerelay.domain.policy.ReplyPattern.smtp;
import static dev.storerelay.domain.policy.ReplyPattern.tokenEndpointError;

import dev.storerelay.domain.model.ReplyAdvice;
import dev.storerelay.domain.model.UpstreamReply;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Well-known upstream replies, each with a plain-language cause and fix, so the connection test and the delivery
 * log can tell an admin what "535 5.7.139" means (issue #20). A reply is recognised by its codes and wording, not by
 * the server that sent it: the delivery log keeps only the reply, and the enhanced codes in the table either belong
 * to one provider (5.7.139, 5.7.30, 5.2.252) or come with the provider's own wording (Google's 5.7.8 is "Username and
 * Password not accepted"; a 5.7.8 in other words gets the advice any server's 5.7.8 deserves). Sources: Microsoft's
 * "Exchange Online SMTP AUTH troubleshooting" and "Deprecation of Basic authentication in Exchange Online" (MC786329),
 * Google's "Gmail SMTP errors and codes", Microsoft Entra's "authentication and authorization error codes", RFC 3463,
 * RFC 4954 §6 and RFC 6749 §5.2.
 */
public final class ProviderReplies {
    private static final String SETTINGS = "the relay's SMTP Server settings";
    private static final String OAUTH2_SETTINGS = "the relay's OAuth 2.0 settings";
    private static final String ENTRA_APP = "In the Microsoft Entra admin center, open App registrations → the app → ";

    /** One entry of the table: a name for people, how the reply is recognised, and what to tell the admin. */
    public record KnownReply(String name, ReplyPattern pattern, ReplyAdvice advice) {
        public KnownReply {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(advice, "advice");
        }

        public boolean recognises(UpstreamReply reply) {
            return pattern.matches(reply);
        }
    }

    // Microsoft 365 (Exchange Online). The three 5.7.139 entries go from the most specific wording to any.

    static final KnownReply MICROSOFT_SMTP_AUTH_TURNED_OFF = known("Microsoft 365: 535 5.7.139 SmtpClientAuthentication is disabled",
            smtp(535, "5.7.139").withText("SmtpClientAuthentication is disabled"),
            "Microsoft 365 refused the login because SMTP AUTH (Authenticated SMTP) is turned off for the mailbox or for "
                    + "the whole organization. No login method works while it is off, OAuth 2.0 included.",
            "In the Microsoft 365 admin center, open Users → Active users → the mailbox → Mail → Manage email apps and "
                    + "tick Authenticated SMTP. If it is off for the organization, clear \"Turn off SMTP AUTH protocol for "
                    + "your organization\" in the Exchange admin center under Settings → Mail flow.");

    static final KnownReply MICROSOFT_SECURITY_DEFAULTS = known("Microsoft 365: 535 5.7.139 security defaults",
            smtp(535, "5.7.139").withText("security defaults"),
            "Microsoft 365 refused the password login because the tenant's security defaults block logging in to SMTP "
                    + "AUTH with a password.",
            "Switch the authentication method in " + SETTINGS + " to OAuth 2.0 (Microsoft 365), which security defaults "
                    + "allow. Turning security defaults off in the Microsoft Entra admin center would also work, but "
                    + "weakens every account of the tenant.");

    static final KnownReply MICROSOFT_PASSWORD_LOGIN_REFUSED = known("Microsoft 365: 535 5.7.139",
            smtp(535, "5.7.139"),
            "Microsoft 365 refused the login: SMTP AUTH is turned off for the tenant or the mailbox, or password log-in "
                    + "(Basic authentication) is turned off, as it is by default for Exchange Online from the end of "
                    + "December 2026.",
            "In the Microsoft 365 admin center, turn on Authenticated SMTP for the mailbox (Users → Active users → the "
                    + "mailbox → Mail → Manage email apps), or switch this store to OAuth 2.0 (Microsoft 365) in "
                    + SETTINGS + "; OAuth 2.0 keeps working after password log-in is gone.");

    static final KnownReply MICROSOFT_BASIC_AUTH_NOT_SUPPORTED = known("Microsoft 365: 550 5.7.30",
            smtp(550, "5.7.30"),
            "Microsoft 365 no longer accepts a password login (Basic authentication) for sending mail through SMTP AUTH "
                    + "in this tenant.",
            "Switch the authentication method in " + SETTINGS + " to OAuth 2.0 (Microsoft 365). Microsoft is retiring "
                    + "password log-in for SMTP AUTH, so turning it back on only buys time.");

    static final KnownReply MICROSOFT_LOGIN_REFUSED = known("Microsoft 365: 535 5.7.3",
            smtp(535, "5.7.3").withText("Authentication unsuccessful"),
            "Microsoft 365 refused the login: the password is wrong or has expired, or with OAuth 2.0 the token does "
                    + "not allow sending as this mailbox.",
            "With a password: check the SMTP server login (the mailbox's full address) and enter the current password "
                    + "in " + SETTINGS + ". With OAuth 2.0: give the app the Office 365 Exchange Online permission "
                    + "SMTP.SendAsApp with admin consent, register it in Exchange Online with access to the mailbox, and "
                    + "make the login that mailbox.");

    static final KnownReply MICROSOFT_LOGIN_REQUIRED = known("Microsoft 365: 530 5.7.57",
            smtp(530, "5.7.57"),
            "Microsoft 365 takes mail only from a client that has logged in, and the relay sent without a login.",
            "Set the SMTP server login (the mailbox's full address) with its password, or OAuth 2.0, in " + SETTINGS
                    + ", with Secure socket options StartTLS on port 587.");

    static final KnownReply MICROSOFT_SEND_AS_DENIED = known("Microsoft 365: 550 5.7.60 / 554 5.2.252 SendAsDenied",
            smtp(550, "5.7.60").or(smtp(554, "5.2.252")).or(saying("SendAsDenied")),
            "Microsoft 365 refused the sender: the outgoing email address is not the mailbox the relay logs in as, and "
                    + "that mailbox has no Send As permission for it.",
            "Make the outgoing email address the login's mailbox in " + SETTINGS + ", or in the Exchange admin center "
                    + "give the login's mailbox Send As permission for the outgoing address (Recipients → Mailboxes → the "
                    + "outgoing address → Delegation → Send as).");

    // Google (Gmail, Google Workspace)

    static final KnownReply GOOGLE_APP_PASSWORD_REQUIRED = known("Google: 534 5.7.9 Application-specific password required",
            smtp(534, "5.7.9").withText("Application-specific password required"),
            "Google refused the account's normal password: the account uses 2-Step Verification, so for SMTP it accepts "
                    + "only an app password or OAuth 2.0.",
            "Create an app password for the account (Google Account → Security → 2-Step Verification → App passwords) "
                    + "and enter it as the SMTP server password in " + SETTINGS + ", or switch the authentication method "
                    + "to OAuth 2.0 (Google).");

    static final KnownReply GOOGLE_SIGN_IN_BLOCKED = known("Google: 534 5.7.14",
            smtp(534, "5.7.14"),
            "Google blocked the sign-in: it does not let an app sign in with the account's normal password, or it "
                    + "found the sign-in unusual.",
            "Enter an app password as the SMTP server password in " + SETTINGS + " (the account needs 2-Step "
                    + "Verification), or switch the authentication method to OAuth 2.0 (Google). If the account is new "
                    + "or was locked, sign in to it once in a browser.");

    static final KnownReply GOOGLE_LOGIN_NOT_ACCEPTED = known("Google: 535 5.7.8 Username and Password not accepted",
            smtp(535, "5.7.8").withText("Username and Password not accepted"),
            "Google did not accept the login: the password is wrong, or it is the account's normal password where Google "
                    + "needs an app password; with OAuth 2.0, the token does not fit the mailbox.",
            "With a password: enter the mailbox's full address as SMTP server login and an app password of that Google "
                    + "account as password in " + SETTINGS + ". With OAuth 2.0 (Google): make the login the mailbox the "
                    + "token is for, with the scope https://mail.google.com/; a service account needs domain-wide "
                    + "delegation for that scope.");

    static final KnownReply GOOGLE_LOGIN_REQUIRED = known("Google: 530 5.7.0 Authentication Required",
            smtp(530, "5.7.0").withText("Authentication Required"),
            "Google takes mail only after a login, and the relay sent without one.",
            "Set the SMTP server login (the mailbox's full address) with an app password, or OAuth 2.0 (Google), in "
                    + SETTINGS + ". For smtp-relay.gmail.com a Google Workspace admin can instead allow the relay's IP "
                    + "address in the Google Admin console (Apps → Google Workspace → Gmail → Routing → SMTP relay service).");

    // Any server: Google's wording here is also Postfix's, and RFC 4954 gives 5.7.8 one meaning everywhere.

    static final KnownReply STARTTLS_REQUIRED = known("Any server: 530 5.7.0 Must issue a STARTTLS command first",
            smtp(530, "5.7.0").withText("Must issue a STARTTLS command first"),
            "The server takes a login and mail only over an encrypted connection, and the relay talked to it "
                    + "unencrypted.",
            "In " + SETTINGS + ", set Secure socket options to StartTLS (port 587) or SSL on connect (port 465).");

    static final KnownReply CREDENTIALS_INVALID = known("Any server: 535 5.7.8",
            smtp(535, "5.7.8"),
            "The server refused the login: the SMTP server login or password is wrong (5.7.8: authentication "
                    + "credentials invalid).",
            "Check the SMTP server login and password in " + SETTINGS + ". Many providers want an app password, or "
                    + "OAuth 2.0, instead of the account's normal password.");

    // The token endpoint: Microsoft Entra ID's AADSTS codes first, since they say more than the OAuth 2.0 error
    // that carries them (AADSTS700016 comes as unauthorized_client, AADSTS7000215 as invalid_client).

    static final KnownReply ENTRA_CLIENT_SECRET_INVALID = known("Microsoft Entra ID: AADSTS7000215",
            tokenEndpointError("AADSTS7000215"),
            "Microsoft Entra ID did not accept the client secret: it is wrong, or it is the secret's ID instead of its "
                    + "value.",
            ENTRA_APP + "Certificates & secrets, create a new client secret and enter its Value (not the Secret ID) as "
                    + "the client secret in " + OAUTH2_SETTINGS + ".");

    static final KnownReply ENTRA_CLIENT_SECRET_EXPIRED = known("Microsoft Entra ID: AADSTS7000222",
            tokenEndpointError("AADSTS7000222"),
            "The app's client secret has expired.",
            ENTRA_APP + "Certificates & secrets, create a new client secret and enter its Value as the client secret in "
                    + OAUTH2_SETTINGS + "; note when the new one expires.");

    static final KnownReply ENTRA_APPLICATION_NOT_FOUND = known("Microsoft Entra ID: AADSTS700016",
            tokenEndpointError("AADSTS700016"),
            "Microsoft Entra ID does not know the client ID in this tenant: the client ID is wrong, or the app is "
                    + "registered in another tenant.",
            "Copy the Application (client) ID from the app's Overview page in the Microsoft Entra admin center into "
                    + OAUTH2_SETTINGS + ", and check that the tenant ID is the tenant the app is registered in.");

    static final KnownReply ENTRA_TENANT_NOT_FOUND = known("Microsoft Entra ID: AADSTS90002",
            tokenEndpointError("AADSTS90002"),
            "The tenant ID in " + OAUTH2_SETTINGS + " names no Microsoft Entra tenant.",
            "Enter the Directory (tenant) ID from the app's Overview page in the Microsoft Entra admin center, or a "
                    + "verified domain of the tenant, as the tenant ID in " + OAUTH2_SETTINGS + ".");

    static final KnownReply ENTRA_CONSENT_MISSING = known("Microsoft Entra ID: AADSTS65001",
            tokenEndpointError("AADSTS65001"),
            "No administrator has consented to the app's permissions, so Microsoft Entra ID gives it no token.",
            ENTRA_APP + "API permissions and grant admin consent for the tenant (with client credentials: the Office 365 "
                    + "Exchange Online application permission SMTP.SendAsApp).");

    static final KnownReply ENTRA_USER_CREDENTIALS_WRONG = known("Microsoft Entra ID: AADSTS50126",
            tokenEndpointError("AADSTS50126"),
            "Microsoft Entra ID refused the user name or password of the account that signed in.",
            "Sign in again for a new refresh token in " + OAUTH2_SETTINGS + ", with the mailbox's account and its "
                    + "current password.");

    static final KnownReply ENTRA_ASSERTION_OUT_OF_TIME = known("Microsoft Entra ID: AADSTS700024",
            tokenEndpointError("AADSTS700024"),
            "Microsoft Entra ID refused the relay's signed token request (certificate credential) because its time "
                    + "lies outside the valid range: the clock of the relay's server is wrong.",
            "Set the clock of the server the relay runs on right and keep it synchronized (NTP); the certificate "
                    + "credential signs every token request with the current time.");

    static final KnownReply ENTRA_SCOPE_NOT_ACCEPTED = known("Microsoft Entra ID: AADSTS1002012",
            tokenEndpointError("AADSTS1002012"),
            "Microsoft Entra ID does not accept the scope as given: with client credentials it must be the resource "
                    + "followed by /.default.",
            "Choose the provider Microsoft 365 in " + OAUTH2_SETTINGS + " (its scope is "
                    + "https://outlook.office365.com/.default), or enter exactly that scope.");

    static final KnownReply ENTRA_REFRESH_TOKEN_EXPIRED = known("Microsoft Entra ID: AADSTS700082",
            tokenEndpointError("AADSTS700082"),
            "The stored refresh token has expired because it was not used for a long time.",
            "Sign in again in " + OAUTH2_SETTINGS + " to get a new refresh token.");

    // The token endpoint: the OAuth 2.0 errors of RFC 6749 §5.2, from any provider.

    static final KnownReply TOKEN_INVALID_CLIENT = known("Token endpoint: invalid_client",
            tokenEndpointError("invalid_client"),
            "The token endpoint did not accept the app's credentials: the client ID, client secret or certificate is "
                    + "wrong, has expired or is not registered with the provider.",
            "Compare the client ID and the client secret (or certificate) in " + OAUTH2_SETTINGS + " with the app's "
                    + "registration at the provider; for Microsoft 365 also the tenant ID.");

    static final KnownReply TOKEN_UNAUTHORIZED_CLIENT = known("Token endpoint: unauthorized_client",
            tokenEndpointError("unauthorized_client"),
            "The provider does not let this app get tokens with the chosen grant or scope; for a Google service account, "
                    + "domain-wide delegation is missing.",
            "Google service account: in the Google Admin console, open Security → Access and data control → API "
                    + "controls → Manage domain-wide delegation and add the service account's client ID with the scope "
                    + "https://mail.google.com/. Otherwise set the app up at the provider for the grant chosen in "
                    + OAUTH2_SETTINGS + ".");

    static final KnownReply TOKEN_INVALID_GRANT = known("Token endpoint: invalid_grant",
            tokenEndpointError("invalid_grant"),
            "The token endpoint refused the grant: the refresh token has expired or was revoked, or a service account's "
                    + "signed request was refused (the login is not a mailbox of the domain, the key was deleted, or the "
                    + "relay's clock is wrong).",
            "Refresh token: sign in again in " + OAUTH2_SETTINGS + ". Google service account: make the login a mailbox "
                    + "of the Google Workspace domain, upload the current key file and check the relay server's clock.");

    static final KnownReply TOKEN_INVALID_SCOPE = known("Token endpoint: invalid_scope",
            tokenEndpointError("invalid_scope"),
            "The token endpoint does not accept the requested scope.",
            "Use the provider's scope in " + OAUTH2_SETTINGS + ": Microsoft 365 https://outlook.office365.com/.default, "
                    + "Google https://mail.google.com/; for another provider, the scope it documents for sending mail "
                    + "over SMTP.");

    private ProviderReplies() {
    }

    /** Every known reply in the order they are tried: the first that recognises a reply explains it. */
    public static List<KnownReply> allKnownReplies() {
        return List.of(
                MICROSOFT_SMTP_AUTH_TURNED_OFF, MICROSOFT_SECURITY_DEFAULTS, MICROSOFT_PASSWORD_LOGIN_REFUSED,
                MICROSOFT_BASIC_AUTH_NOT_SUPPORTED, MICROSOFT_LOGIN_REFUSED, MICROSOFT_LOGIN_REQUIRED,
                MICROSOFT_SEND_AS_DENIED,
                GOOGLE_APP_PASSWORD_REQUIRED, GOOGLE_SIGN_IN_BLOCKED, GOOGLE_LOGIN_NOT_ACCEPTED, GOOGLE_LOGIN_REQUIRED,
                STARTTLS_REQUIRED, CREDENTIALS_INVALID,
                ENTRA_CLIENT_SECRET_INVALID, ENTRA_CLIENT_SECRET_EXPIRED, ENTRA_APPLICATION_NOT_FOUND,
                ENTRA_TENANT_NOT_FOUND, ENTRA_CONSENT_MISSING, ENTRA_USER_CREDENTIALS_WRONG, ENTRA_ASSERTION_OUT_OF_TIME,
                ENTRA_SCOPE_NOT_ACCEPTED, ENTRA_REFRESH_TOKEN_EXPIRED,
                TOKEN_INVALID_CLIENT, TOKEN_UNAUTHORIZED_CLIENT, TOKEN_INVALID_GRANT, TOKEN_INVALID_SCOPE);
    }

    /** The table's entry for the reply, if it knows it. */
    public static Optional<KnownReply> recognise(UpstreamReply reply) {
        Objects.requireNonNull(reply, "reply");
        return allKnownReplies().stream().filter(known -> known.recognises(reply)).findFirst();
    }

    /** What the reply means and what to do, if the table knows it. */
    public static Optional<ReplyAdvice> explain(UpstreamReply reply) {
        return recognise(reply).map(KnownReply::advice);
    }

    private static KnownReply known(String name, ReplyPattern pattern, String cause, String fix) {
        return new KnownReply(name, pattern, new ReplyAdvice(cause, fix));
    }
}
