package dev.storerelay.domain.model;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An e-mail address as SMTP carries it in {@code MAIL FROM:<...>}: an RFC 5321 dot-atom local part, {@code @},
 * and a host name or an address literal. Quoted local parts, comments and display names are refused on purpose:
 * the value goes verbatim into an SMTP command and a {@code From:} header, so it must never carry white space, CR,
 * LF, angle brackets or anything else that could end either.
 *
 * <p>An address may also be internationalized (RFC 6531 §3.3): UTF-8 in the local part and U-labels in the domain.
 * Such an address can only travel with {@code SMTPUTF8} ({@link #needsSmtpUtf8}); {@link #isValid} accepts ASCII
 * addresses only, for the settings, where an address must work with every server.
 */
public record EmailAddress(String value) {
    public static final int MAX_LENGTH = 254;            // RFC 5321 §4.5.3.1.3 path minus the brackets, in octets
    private static final int MAX_LOCAL_PART = 64;        // RFC 5321 §4.5.3.1.1, in octets
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final String ATEXT_SPECIALS = "!#$%&'*+/=?^_`{|}~-";
    private static final String IPV6_TAG = "IPv6:";
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern ALL_DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final int ASCII_END = 0x80;
    /** What a decoder puts where bytes were not UTF-8: it never stands in a real address. */
    private static final int REPLACEMENT_CHARACTER = 0xFFFD;

    public EmailAddress {
        Objects.requireNonNull(value, "value");
        if (!isValidInternationalized(value)) {
            throw new IllegalArgumentException("not an e-mail address: " + Texts.printable(value));
        }
    }

    /** An ASCII address: what every SMTP server takes. */
    public static boolean isValid(String candidate) {
        return candidate != null && isAscii(candidate) && isValidInternationalized(candidate);
    }

    /**
     * An ASCII address, or one with UTF-8 in its local part or domain (RFC 6531 §3.3: {@code atext} extended by
     * non-ASCII characters, domains of U-labels). Of the non-ASCII characters, those a reader cannot see or tell apart
     * from a space are refused: controls, format characters (bidirectional overrides, zero-width joiners), separators,
     * unassigned code points and lone surrogates, and the replacement character. Lengths count UTF-8 octets.
     */
    public static boolean isValidInternationalized(String candidate) {
        if (candidate == null || candidate.length() > MAX_LENGTH || utf8Octets(candidate) > MAX_LENGTH) {
            return false;
        }
        int at = candidate.lastIndexOf('@');
        if (at <= 0 || at == candidate.length() - 1) {
            return false;
        }
        String local = candidate.substring(0, at);
        String domain = candidate.substring(at + 1);
        return utf8Octets(local) <= MAX_LOCAL_PART && isDotAtom(local) && isValidDomain(domain);
    }

    /** Whether the address holds anything beyond ASCII, so that it may only be sent with SMTPUTF8 (RFC 6531). */
    public boolean needsSmtpUtf8() {
        return !isAscii(value);
    }

    /** The local part as a dot-atom whose atoms may hold non-ASCII characters (RFC 6531 §3.3 {@code atext}). */
    private static boolean isDotAtom(String local) {
        if (isAscii(local)) {
            return DOT_ATOM.matcher(local).matches();
        }
        for (String atom : local.split("\\.", -1)) {
            if (atom.isEmpty() || !atom.codePoints().allMatch(c -> c < ASCII_END ? isAsciiAtext(c) : isVisibleNonAscii(c))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5322 §3.2.3 {@code atext}. */
    private static boolean isAsciiAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    private static boolean isVisibleNonAscii(int codePoint) {
        if (codePoint == REPLACEMENT_CHARACTER) {
            return false;
        }
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SPACE_SEPARATOR:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }

    /** A host name (RFC 5321 §4.1.2 Domain) or an address literal {@code [192.0.2.1]} / {@code [IPv6:2001:db8::1]}. */
    private static boolean isValidDomain(String domain) {
        if (!isAscii(domain)) {
            return isValidInternationalizedDomain(domain);
        }
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

    /** U-labels (RFC 6531 §3.3, RFC 5890): valid when their A-label form is a host name. */
    private static boolean isValidInternationalizedDomain(String domain) {
        if (domain.endsWith(".") || !domain.codePoints().allMatch(c -> c < ASCII_END || isVisibleNonAscii(c))) {
            return false;
        }
        try {
            String ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES | IDN.ALLOW_UNASSIGNED);
            return isAscii(ascii) && isValidDomain(ascii);
        } catch (IllegalArgumentException notALabel) {
            return false;
        }
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < ASCII_END);
    }

    private static int utf8Octets(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    public String localPart() {
        return value.substring(0, value.lastIndexOf('@'));
    }

    /** The domain, lower-cased: domains are case-insensitive, local parts are not (RFC 5321 §2.4). */
    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The domain in ASCII, lower-cased: U-labels as their A-labels ({@code bäckerei.example} as
     * {@code xn--bckerei-5wa.example}), so that both spellings of one domain compare equal.
     */
    public String asciiDomain() {
        String domain = domain();
        return isAscii(domain) ? domain : IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
