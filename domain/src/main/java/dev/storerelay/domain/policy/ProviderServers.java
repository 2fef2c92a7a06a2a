package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Microsoft's and Google's SMTP servers, known by host name, so the SMTP Server screen can warn a unit that logs in
 * there with a password before the provider starts refusing it (issue #20). Only exact names and the providers' own
 * subdomains count: {@code smtp.office365.com.example.net} is somebody else's server.
 */
public final class ProviderServers {
    private static final Set<String> MICROSOFT = Set.of("smtp.office365.com", "smtp-mail.outlook.com",
            "outlook.office365.com");
    /** Each tenant's direct-send host, e.g. {@code contoso-com.mail.protection.outlook.com}. */
    private static final String MICROSOFT_TENANT_SUFFIX = ".mail.protection.outlook.com";
    private static final Set<String> GOOGLE = Set.of("smtp.gmail.com", "smtp-relay.gmail.com", "aspmx.l.google.com");
    /** Google's further MX hosts, {@code alt1.aspmx.l.google.com} to {@code alt4…}. */
    private static final String GOOGLE_MX_SUFFIX = ".aspmx.l.google.com";

    private ProviderServers() {
    }

    /** Whose server this is: {@link OAuth2Provider#MICROSOFT_365} or {@link OAuth2Provider#GOOGLE}, else empty. */
    public static Optional<OAuth2Provider> operatorOf(ServerAddress server) {
        Objects.requireNonNull(server, "server");
        String host = server.value().endsWith(".") ? server.value().substring(0, server.value().length() - 1)
                : server.value();
        if (MICROSOFT.contains(host) || host.endsWith(MICROSOFT_TENANT_SUFFIX)) {
            return Optional.of(OAuth2Provider.MICROSOFT_365);
        }
        if (GOOGLE.contains(host) || host.endsWith(GOOGLE_MX_SUFFIX)) {
            return Optional.of(OAuth2Provider.GOOGLE);
        }
        return Optional.empty();
    }

    /**
     * A warning when the connection logs in with a password at Microsoft's or Google's server; empty for OAuth 2.0,
     * for a connection without login (it sends no password), and for other servers.
     */
    public static Optional<String> passwordLoginWarning(SmtpConnection connection) {
        Objects.requireNonNull(connection, "connection");
        if (connection.authentication() != AuthenticationMethod.PASSWORD || connection.login() == null) {
            return Optional.empty();
        }
        String server = connection.serverAddress().value();
        return operatorOf(connection.serverAddress()).map(provider -> provider == OAuth2Provider.MICROSOFT_365
                ? server + " is Microsoft 365's server, and this connection logs in with a password. Microsoft turns "
                        + "password log-in (Basic authentication) for SMTP AUTH off by default for Exchange Online at the "
                        + "end of December 2026; from then on the mail is refused with 535 5.7.139 or 550 5.7.30. Switch "
                        + "the authentication method to OAuth 2.0 (Microsoft 365)."
                : server + " is Google's server, and this connection logs in with a password. Google accepts only an "
                        + "app password (of an account with 2-Step Verification) or OAuth 2.0, and refuses the account's "
                        + "normal password with 534 5.7.9 or 535 5.7.8. Use an app password, or switch the "
                        + "authentication method to OAuth 2.0 (Google).");
    }
}
