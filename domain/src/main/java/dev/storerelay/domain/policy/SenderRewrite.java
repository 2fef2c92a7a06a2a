package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RewrittenSender;

/**
 * Every message of a store leaves with the store's outgoing email address, in the envelope and in {@code From:}
 * (README, *Pointing a legacy system at it*), so recipients see the store and the store's upstream accepts the sender.
 * The display name the legacy system chose is kept.
 */
public final class SenderRewrite {
    private SenderRewrite() {
    }

    /**
     * @param originalEnvelopeSender the submitted {@code MAIL FROM}, {@code null} for the null reverse-path
     * @param originalDisplayName    the display name of the submitted {@code From:}, {@code null} or blank if none
     */
    public static RewrittenSender rewrite(EmailAddress originalEnvelopeSender, String originalDisplayName,
                                          EmailAddress outgoingEmailAddress) {
        // A null reverse-path marks a delivery status notification; giving it a sender would let it bounce
        // and loop (RFC 5321 §4.5.5), so it stays null.
        EmailAddress envelope = originalEnvelopeSender == null ? null : outgoingEmailAddress;
        String displayName = originalDisplayName == null || originalDisplayName.isBlank()
                ? null
                : originalDisplayName.replaceAll("[\\r\\n\\x00]+", " ").strip();
        return new RewrittenSender(envelope, outgoingEmailAddress, displayName);
    }
}
