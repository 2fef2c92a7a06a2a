package dev.storerelay.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The sender a forwarded message carries.
 *
 * @param envelopeSender         the upstream {@code MAIL FROM}; {@code null} keeps the null reverse-path
 * @param fromAddress            the address of the {@code From:} header
 * @param fromDisplayName        the display name of the original {@code From:}, kept; {@code null} if it had none
 */
public record RewrittenSender(EmailAddress envelopeSender, EmailAddress fromAddress, String fromDisplayName) {
    public RewrittenSender {
        Objects.requireNonNull(fromAddress, "fromAddress");
        if (fromDisplayName != null && Texts.hasLineBreakOrNul(fromDisplayName)) {
            throw new IllegalArgumentException("display name must be on one line");
        }
    }

    public Optional<EmailAddress> envelope() {
        return Optional.ofNullable(envelopeSender);
    }

    public Optional<String> displayName() {
        return Optional.ofNullable(fromDisplayName);
    }
}
