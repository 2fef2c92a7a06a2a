package dev.storerelay.domain.policy;

import static dev.storerelay.domain.policy.ProviderReplies.CREDENTIALS_INVALID;
import static dev.storerelay.domain.policy.ProviderReplies.ENTRA_APPLICATION_NOT_FOUND;
import static dev.storerelay.domain.policy.ProviderReplies.ENTRA_ASSERTION_OUT_OF_TIME;
import static dev.storerelay.domain.policy.ProviderReplies.ENTRA_CLIENT_SECRET_EXPIRED;
import static dev.storerelay.domain.policy.ProviderReplies.ENTRA_CLIENT_SECRET_INVALID;
import static dev.storerelay.domain.policy.ProviderReplies.ENTRA_CONSENT_MISSING;
import static dev.storerelay.domain.policy.ProviderReplies.ENTRA_REFRESH_TOKEN_EXPIRED;
import static dev.storerelay.domain.policy.ProviderReplies.ENTRA_SCOPE_NOT_ACCEPTED;
import static dev.storerelay.domain.policy.ProviderReplies.ENTRA_TENANT_NOT_FOUND;
import static dev.storerelay.domain.policy.ProviderReplies.ENTRA_USER_CREDENTIALS_WRONG;
import static dev.storerelay.domain.policy.ProviderReplies.GOOGLE_APP_PASSWORD_REQUIRED;
import static dev.storerelay.domain.policy.ProviderReplies.GOOGLE_LOGIN_NOT_ACCEPTED;
import static dev.storerelay.domain.policy.ProviderReplies.GOOGLE_LOGIN_REQUIRED;
import static dev.storerelay.domain.policy.ProviderReplies.GOOGLE_SIGN_IN_BLOCKED;
import static dev.storerelay.domain.policy.ProviderReplies.MICROSOFT_BASIC_AUTH_NOT_SUPPORTED;
import static dev.storerelay.domain.policy.ProviderReplies.MICROSOFT_LOGIN_REFUSED;
import static dev.storerelay.domain.policy.ProviderReplies.MICROSOFT_LOGIN_REQUIRED;
import static dev.storerelay.domain.policy.ProviderReplies.MICROSOFT_PASSWORD_LOGIN_REFUSED;
import static dev.storerelay.domain.policy.ProviderReplies.MICROSOFT_SECURITY_DEFAULTS;
import static dev.storerelay.domain.policy.ProviderReplies.MICROSOFT_SEND_AS_DENIED;
import static dev.storerelay.domain.policy.ProviderReplies.MICROSOFT_SMTP_AUTH_TURNED_OFF;
import static dev.storerelay.domain.policy.ProviderReplies.STARTTLS_REQUIRED;
import static dev.storerelay.domain.policy.ProviderReplies.TOKEN_INVALID_CLIENT;
import static dev.storerelay.domain.policy.ProviderReplies.TOKEN_INVALID_GRANT;
import static dev.storerelay.domain.policy.ProviderReplies.TOKEN_INVALID_SCOPE;
import static dev.storerelay.domain.policy.ProviderReplies.TOKEN_UNAUTHORIZED_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.ProviderReplies.KnownReply;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderRepliesTest {
    private static final String TOKEN_REFUSED = "OAuth 2.0 token refused by login.microsoftonline.com: ";

    /** Replies as servers and token endpoints really word them, each with the entry that must explain it. */
    static Stream<Arguments> knownReplies() {
        return Stream.of(
                // Microsoft 365
                Arguments.of(new UpstreamReply(535, "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
                        + "disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information."),
                        MICROSOFT_SMTP_AUTH_TURNED_OFF),
                Arguments.of(new UpstreamReply(535, "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
                        + "disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information."),
                        MICROSOFT_SMTP_AUTH_TURNED_OFF),
                Arguments.of(new UpstreamReply(535, "5.7.139 Authentication unsuccessful, user is locked by your "
                        + "organization's security defaults policy. Contact your administrator."), MICROSOFT_SECURITY_DEFAULTS),
                Arguments.of(new UpstreamReply(535, "5.7.139 Authentication unsuccessful, the request did not meet the "
                        + "criteria to be authenticated successfully. Contact your administrator."),
                        MICROSOFT_PASSWORD_LOGIN_REFUSED),
                // Delivery keeps a refused login without a code, quoting the server (JakartaMailForwarder).
                Arguments.of(UpstreamReply.noReply("upstream smtp.office365.com refused the login: 535 5.7.139 "
                        + "Authentication unsuccessful, the request did not meet the criteria to be authenticated "
                        + "successfully. Contact your administrator. [AM0PR01CA0001.eurprd01.prod.exchangelabs.com]"),
                        MICROSOFT_PASSWORD_LOGIN_REFUSED),
                Arguments.of(new UpstreamReply(550, "5.7.30 Basic authentication is not supported for Client Submission."),
                        MICROSOFT_BASIC_AUTH_NOT_SUPPORTED),
                Arguments.of(new UpstreamReply(535, "5.7.3 Authentication unsuccessful [BN9PR03CA0123.namprd03.prod.outlook.com]"),
                        MICROSOFT_LOGIN_REFUSED),
                Arguments.of(UpstreamReply.noReply("upstream smtp.office365.com refused the login: 535 5.7.3 "
                        + "Authentication unsuccessful"), MICROSOFT_LOGIN_REFUSED),
                Arguments.of(new UpstreamReply(530, "5.7.57 Client not authenticated to send mail. Error: 535 5.7.139 "
                        + "Authentication unsuccessful"), MICROSOFT_PASSWORD_LOGIN_REFUSED),
                Arguments.of(new UpstreamReply(530, "5.7.57 SMTP; Client was not authenticated to send anonymous mail "
                        + "during MAIL FROM [AM6P191CA0001.EURP191.PROD.OUTLOOK.COM]"), MICROSOFT_LOGIN_REQUIRED),
                Arguments.of(new UpstreamReply(550, "5.7.60 SMTP; Client does not have permissions to send as this sender"),
                        MICROSOFT_SEND_AS_DENIED),
                Arguments.of(new UpstreamReply(554, "5.2.252 SendAsDenied; store12@shop.example not allowed to send as "
                        + "orders@shop.example; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied"),
                        MICROSOFT_SEND_AS_DENIED),
                Arguments.of(new UpstreamReply(554, "5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException."
                        + "MapiExceptionSendAsDenied; Failed to process message due to a permanent exception"),
                        MICROSOFT_SEND_AS_DENIED),
                // Google, as the server's lines arrive folded into one
                Arguments.of(new UpstreamReply(534, "5.7.9 Application-specific password required. Learn more at 534 "
                        + "5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor d9-20020a05600c4b8900b0040 - gsmtp"),
                        GOOGLE_APP_PASSWORD_REQUIRED),
                Arguments.of(UpstreamReply.noReply("upstream smtp.gmail.com refused the login: 534-5.7.9 "
                        + "Application-specific password required. Learn more at 534 5.7.9 "
                        + "https://support.google.com/mail/?p=InvalidSecondFactor - gsmtp"), GOOGLE_APP_PASSWORD_REQUIRED),
                Arguments.of(new UpstreamReply(534, "5.7.14 <https://accounts.google.com/signin/continue?sarp=1> Please "
                        + "log in via your web browser and then try again. Learn more at 534 5.7.14 "
                        + "https://support.google.com/mail/answer/78754 - gsmtp"), GOOGLE_SIGN_IN_BLOCKED),
                Arguments.of(new UpstreamReply(535, "5.7.8 Username and Password not accepted. Learn more at 535 5.7.8 "
                        + "https://support.google.com/mail/?p=BadCredentials a1-20020a170902 - gsmtp"),
                        GOOGLE_LOGIN_NOT_ACCEPTED),
                Arguments.of(new UpstreamReply(535, "-5.7.8 USERNAME AND PASSWORD NOT ACCEPTED."), GOOGLE_LOGIN_NOT_ACCEPTED),
                Arguments.of(new UpstreamReply(530, "5.7.0 Authentication Required. Learn more at 530 5.7.0 "
                        + "https://support.google.com/mail/?p=WantAuthError - gsmtp"), GOOGLE_LOGIN_REQUIRED),
                Arguments.of(new UpstreamReply(530, "5.7.0 Must issue a STARTTLS command first. - gsmtp"), STARTTLS_REQUIRED),
                // Any server: Postfix says the same about STARTTLS; Dovecot's 5.7.8 is not Google's wording.
                Arguments.of(new UpstreamReply(530, "5.7.0 Must issue a STARTTLS command first"), STARTTLS_REQUIRED),
                Arguments.of(new UpstreamReply(535, "5.7.8 Error: authentication failed: authentication failure"),
                        CREDENTIALS_INVALID),
                // Microsoft Entra ID's token endpoint, as AccessTokenUnavailableException words it
                Arguments.of(UpstreamReply.noReply(TOKEN_REFUSED + "invalid_client (AADSTS7000215: Invalid client secret "
                        + "provided. Ensure the secret being sent in the request is the client secret value, not the client "
                        + "secret ID, for a secret added to app '00000000-0000-0000-0000-000000000001'.)"),
                        ENTRA_CLIENT_SECRET_INVALID),
                Arguments.of(UpstreamReply.noReply(TOKEN_REFUSED + "invalid_client (AADSTS7000222: The provided client "
                        + "secret keys for app '00000000-0000-0000-0000-000000000001' are expired.)"), ENTRA_CLIENT_SECRET_EXPIRED),
                Arguments.of(UpstreamReply.noReply(TOKEN_REFUSED + "unauthorized_client (AADSTS700016: Application with "
                        + "identifier '00000000-0000-0000-0000-000000000001' was not found in the directory 'Contoso'.)"),
                        ENTRA_APPLICATION_NOT_FOUND),
                Arguments.of(UpstreamReply.noReply(TOKEN_REFUSED + "invalid_request (AADSTS90002: Tenant 'contoso.example' "
                        + "not found.)"), ENTRA_TENANT_NOT_FOUND),
                Arguments.of(UpstreamReply.noReply(TOKEN_REFUSED + "invalid_grant (AADSTS65001: The user or administrator "
                        + "has not consented to use the application.)"), ENTRA_CONSENT_MISSING),
                Arguments.of(UpstreamReply.noReply(TOKEN_REFUSED + "invalid_grant (AADSTS50126: Error validating "
                        + "credentials due to invalid username or password.)"), ENTRA_USER_CREDENTIALS_WRONG),
                Arguments.of(UpstreamReply.noReply(TOKEN_REFUSED + "invalid_client (AADSTS700024: Client assertion is not "
                        + "within its valid time range.)"), ENTRA_ASSERTION_OUT_OF_TIME),
                Arguments.of(UpstreamReply.noReply(TOKEN_REFUSED + "invalid_scope (AADSTS1002012: The provided value for "
                        + "scope smtp.send is not valid. Client credential flows must have a scope value with /.default "
                        + "suffixed to the resource identifier (application ID URI).)"), ENTRA_SCOPE_NOT_ACCEPTED),
                Arguments.of(UpstreamReply.noReply(TOKEN_REFUSED + "invalid_grant (AADSTS700082: The refresh token has "
                        + "expired due to inactivity.)"), ENTRA_REFRESH_TOKEN_EXPIRED),
                // Any token endpoint
                Arguments.of(UpstreamReply.noReply("OAuth 2.0 token refused by login.example.net: invalid_client"),
                        TOKEN_INVALID_CLIENT),
                Arguments.of(UpstreamReply.noReply("OAuth 2.0 token refused by oauth2.googleapis.com: unauthorized_client "
                        + "(Client is unauthorized to retrieve access tokens using this method, or client not authorized "
                        + "for any of the scopes requested.)"), TOKEN_UNAUTHORIZED_CLIENT),
                Arguments.of(UpstreamReply.noReply("OAuth 2.0 token refused by oauth2.googleapis.com: invalid_grant "
                        + "(Token has been expired or revoked.)"), TOKEN_INVALID_GRANT),
                Arguments.of(UpstreamReply.noReply("OAuth 2.0 token refused by login.example.net: INVALID_SCOPE"),
                        TOKEN_INVALID_SCOPE));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("knownReplies")
    void eachKnownReplyIsExplainedByItsEntry(UpstreamReply reply, KnownReply expected) {
        assertThat(ProviderReplies.recognise(reply)).contains(expected);
        assertThat(ProviderReplies.explain(reply)).contains(expected.advice());
    }

    /** Replies that look alike but mean something else, or that the table does not know: no advice is better than wrong advice. */
    static Stream<UpstreamReply> nearMisses() {
        return Stream.of(
                new UpstreamReply(250, "2.0.0 OK queued as 4ABC"),
                new UpstreamReply(550, "5.1.1 The email account that you tried to reach does not exist."),
                new UpstreamReply(451, "4.7.0 Temporary server error. Please try again later. PRX4"),
                // RFC 4954's 534 5.7.9 is a mechanism too weak, not Google's app password
                new UpstreamReply(534, "5.7.9 Authentication mechanism is too weak"),
                // 5.7.3 without Microsoft's wording is RFC 3463's "security conversion"; 5.7.30x is not 5.7.30
                new UpstreamReply(535, "5.7.3 Security conversion required but not possible"),
                new UpstreamReply(550, "5.7.301 Some other policy"),
                new UpstreamReply(535, "5.7.1390 Not a code anybody sends"),
                new UpstreamReply(550, "15.7.30 Not a status code"),
                new UpstreamReply(454, "4.7.0 TLS not available due to local problem"),
                // A token error word in a server's SMTP reply is not the token endpoint's answer.
                new UpstreamReply(535, "5.7.1 invalid_grant"),
                // AADSTS90002 is a prefix of AADSTS900023, which is another error
                UpstreamReply.noReply(TOKEN_REFUSED + "invalid_request (AADSTS900023: Specified tenant identifier 'x' is "
                        + "neither a valid DirectoryID nor a valid domain name.)"),
                UpstreamReply.noReply("OAuth 2.0 token refused by login.example.net: invalid_clients"),
                UpstreamReply.noReply("connect to smtp.office365.com:587 timed out"),
                UpstreamReply.noReply("discarded by an admin"));
    }

    @ParameterizedTest
    @MethodSource("nearMisses")
    void nearMissesAreNotExplained(UpstreamReply reply) {
        assertThat(ProviderReplies.explain(reply)).isEmpty();
    }

    @Test
    void aFiveSevenEightInOtherWordsGetsTheAdviceOfAnyServerNotGooglesAppPassword() {
        UpstreamReply dovecot = new UpstreamReply(535, "5.7.8 Error: authentication failed: authentication failure");

        assertThat(ProviderReplies.explain(dovecot)).contains(CREDENTIALS_INVALID.advice());
        assertThat(CREDENTIALS_INVALID.advice().cause()).doesNotContain("Google");
    }

    @Test
    void theMostSpecificEntryComesFirst() {
        UpstreamReply securityDefaults = new UpstreamReply(535, "5.7.139 Authentication unsuccessful, user is locked by "
                + "your organization's security defaults policy.");

        assertThat(MICROSOFT_PASSWORD_LOGIN_REFUSED.recognises(securityDefaults)).isTrue();
        assertThat(ProviderReplies.recognise(securityDefaults)).contains(MICROSOFT_SECURITY_DEFAULTS);
        assertThat(TOKEN_INVALID_CLIENT.recognises(UpstreamReply.noReply(TOKEN_REFUSED + "invalid_client (AADSTS7000215: x)")))
                .isTrue();
    }

    @Test
    void everyEntryIsTestedWithAReplyOfItsOwnAndHasAUniqueName() {
        Set<KnownReply> tested = new HashSet<>();
        knownReplies().forEach(arguments -> tested.add((KnownReply) arguments.get()[1]));
        List<KnownReply> all = ProviderReplies.allKnownReplies();

        assertThat(tested).containsExactlyInAnyOrderElementsOf(all);
        assertThat(all.stream().map(KnownReply::name)).doesNotHaveDuplicates();
    }

    @Test
    void everyFixSaysWhereToChangeSomething() {
        assertThat(ProviderReplies.allKnownReplies()).allSatisfy(known -> assertThat(known.advice().fix())
                .containsAnyOf("the relay's", "admin center", "Admin console", "Google Account", "clock"));
    }
}
