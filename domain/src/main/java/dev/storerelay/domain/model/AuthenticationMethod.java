package dev.storerelay.domain.model;

/**
 * How the relay logs in to a store's upstream server: the sixth part of the connection block, which the seed's
 * screen lacks (README, *Admin page*: "Authentication and OAuth 2.0").
 */
public enum AuthenticationMethod {
    /** The login and password of the settings screen, SMTP AUTH {@code PLAIN} or {@code LOGIN}; no login, no AUTH. */
    PASSWORD,
    /**
     * SASL {@code XOAUTH2} with an access token the relay obtains itself; the login is the mailbox to send as and
     * the password is unused. Microsoft 365 turns password log-in off for SMTP; Google takes only this or app passwords.
     */
    OAUTH2;

    public static final AuthenticationMethod DEFAULT = PASSWORD;
}
