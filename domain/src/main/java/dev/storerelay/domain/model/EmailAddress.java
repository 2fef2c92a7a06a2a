package dev.storerelay.domain.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An e-mail address as SMTP carries it in {@code MAIL FROM:<...>}: an RFC 5321 dot-atom local part, {@code @},
 * and a host name or an address literal. Quoted local parts, comments, display names and non-ASCII are refused
 * on purpose: the value goes verbatim into an SMTP command and a {@code From:} header, so it must never carry
 * white space, CR, LF, angle brackets or anything else that could end either.
 */
public record EmailAddress(String value) {
    public static final int MAX_LENGTH = 254;            // RFC 5321 §4.5.3.1.3 path minus the brackets
    private static final int MAX_LOCAL_PART = 64;        // RFC 5321 §4.5.3.1.1
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final String IPV6_TAG = "IPv6:";
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern ALL_DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    public EmailAddress {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not an e-mail address: " + Texts.printable(value));
        }
    }

    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.length() > MAX_LENGTH) {
            return false;
        }
        int at = candidate.lastIndexOf('@');
        if (at <= 0 || at == candidate.length() - 1) {
            return false;
        }
        String local = candidate.substring(0, at);
        String domain = candidate.substring(at + 1);
        return local.length() <= MAX_LOCAL_PART && DOT_ATOM.matcher(local).matches() && isValidDomain(domain);
    }

    /** A host name (RFC 5321 §4.1.2 Domain) or an address literal {@code [192.0.2.1]} / {@code [IPv6:2001:db8::1]}. */
    private static boolean isValidDomain(String domain) {
        if (domain.startsWith("[") && domain.endsWith("]")) {
            String literal = domain.substring(1, domain.length() - 1);
            if (literal.regionMatches(true, 0, IPV6_TAG, 0, IPV6_TAG.length())) {
                String address = literal.substring(IPV6_TAG.length());
                return address.indexOf(':') >= 0 && ServerAddress.isValid(address);
            }
            return IPV4_LITERAL.matcher(literal).matches() && ServerAddress.isValid(literal);
        }
        return domain.indexOf(':') < 0 && !domain.endsWith(".") && !ALL_DIGITS_AND_DOTS.matcher(domain).matches()
                && ServerAddress.isValid(domain);
    }

    public String localPart() {
        return value.substring(0, value.lastIndexOf('@'));
    }

    /** The domain, lower-cased: domains are case-insensitive, local parts are not (RFC 5321 §2.4). */
    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
