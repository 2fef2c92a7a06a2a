package dev.storerelay.domain.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A sender pattern of a unit (README, *Pointing a legacy system at it*, rule 3), matched against the envelope sender
 * ({@code MAIL FROM}):
 * <ul>
 *   <li>an exact address, {@code erp@legacy.local}: the local part must match exactly (case-sensitive, as RFC 5321
 *       §2.4 says a local part is), the domain case-insensitively;</li>
 *   <li>a domain, {@code @legacy.local}: any sender in exactly that domain, case-insensitively. Subdomains such as
 *       {@code shop.legacy.local} do not match: each would be listed on its own, so no pattern reaches further
 *       than it reads.</li>
 * </ul>
 * Patterns are kept normalised (domain lower-cased), so two spellings of one pattern are equal. There are no
 * wildcards: {@code *@legacy.local} is refused (write {@code @legacy.local}).
 *
 * @param localPart {@code null} for a domain pattern
 * @param domain    lower case
 */
public record SenderPattern(String localPart, String domain) {
    private static final String PLACEHOLDER_LOCAL_PART = "x";
    // A valid local part, but every admin who types it means "the whole domain": refused, so they write @domain.
    private static final String WILDCARD_LOCAL_PART = "*@";

    public SenderPattern {
        Objects.requireNonNull(domain, "domain");
        String address = (localPart == null ? PLACEHOLDER_LOCAL_PART : localPart) + "@" + domain;
        if (!EmailAddress.isValid(address) || !domain.equals(domain.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a sender pattern: " + Texts.printable(address));
        }
    }

    /** The pattern in {@code text} ({@code local@domain} or {@code @domain}); empty if it is neither. */
    public static Optional<SenderPattern> parse(String text) {
        if (text == null || text.length() > EmailAddress.MAX_LENGTH) {
            return Optional.empty();
        }
        if (text.startsWith("@")) {
            String domain = text.substring(1);
            return EmailAddress.isValid(PLACEHOLDER_LOCAL_PART + text)
                    ? Optional.of(new SenderPattern(null, domain.toLowerCase(Locale.ROOT)))
                    : Optional.empty();
        }
        if (!EmailAddress.isValid(text) || text.startsWith(WILDCARD_LOCAL_PART)) {
            return Optional.empty();
        }
        EmailAddress address = new EmailAddress(text);
        return Optional.of(new SenderPattern(address.localPart(), address.domain()));
    }

    public boolean isDomainPattern() {
        return localPart == null;
    }

    /**
     * Whether the envelope sender matches; the null reverse-path ({@code null}) matches nothing. A sender's domain
     * in U-labels matches the pattern of its A-labels ({@code @xn--bckerei-5wa.example} takes
     * {@code jörg@bäckerei.example}), since patterns are ASCII like every setting.
     */
    public boolean matches(EmailAddress sender) {
        if (sender == null || !sender.asciiDomain().equals(domain)) {
            return false;
        }
        return isDomainPattern() || sender.localPart().equals(localPart);
    }

    /** The normalised text: {@code erp@legacy.local} or {@code @legacy.local}. */
    @Override
    public String toString() {
        return (localPart == null ? "" : localPart) + "@" + domain;
    }
}
