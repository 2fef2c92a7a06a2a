package dev.storerelay.adapter.relay;

import java.util.Optional;

/**
 * Who may submit to the listener and how they prove it (README, *Security*: never an open relay).
 *
 * <p>A client may submit when it has authenticated (SMTP AUTH with a relay credential) or, unless
 * {@code requireAuth}, when the submitter check allows its address (loopback or a unit's client network).
 *
 * @param tls            certificate and key for {@code STARTTLS}; {@code null} offers no {@code STARTTLS}
 * @param requireAuth    every client must authenticate before {@code MAIL}, loopback and client networks included
 * @param plainTextAuth  offer {@code AUTH} without TLS to non-loopback clients too (passwords then cross the network in
 *                       clear text); over TLS and from loopback {@code AUTH} is always offered
 */
public record ListenerSecurity(ListenerTls tls, boolean requireAuth, boolean plainTextAuth) {

    /** No TLS, authentication optional, {@code AUTH} only from loopback. */
    public static ListenerSecurity defaults() {
        return new ListenerSecurity(null, false, false);
    }

    public Optional<ListenerTls> startTls() {
        return Optional.ofNullable(tls);
    }
}
