package dev.storerelay.adapter.relay.inbound;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The argument of {@code MAIL FROM:<path> params} or {@code RCPT TO:<path> params} (RFC 5321 §4.1.1.2/.3).
 *
 * @param address    the path without angle brackets and source route; empty for {@code <>}
 * @param parameters the ESMTP parameters after the path, e.g. {@code SIZE=1000}
 */
record PathArgument(String address, List<String> parameters) {
    static final String SMTPUTF8 = "SMTPUTF8";

    PathArgument {
        parameters = List.copyOf(parameters);
    }

    /**
     * Parses the request parameters, which the decoder split at spaces. A space after the colon is tolerated
     * (common in old clients, though RFC 5321 has none).
     */
    static Optional<PathArgument> parse(List<CharSequence> requestParameters, String keyword) {
        String argument = String.join(" ", requestParameters);
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return Optional.empty();
        }
        String rest = argument.substring(keyword.length()).stripLeading();
        int close = rest.indexOf('>');
        if (!rest.startsWith("<") || close < 0) {
            return Optional.empty();
        }
        String path = rest.substring(1, close);
        // RFC 5321 §4.1.1.2 / Appendix C: a source route "@a,@b:" is accepted and ignored.
        if (path.startsWith("@")) {
            int colon = path.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            path = path.substring(colon + 1);
        }
        String tail = rest.substring(close + 1).strip();
        List<String> parameters = tail.isEmpty() ? List.of() : List.of(tail.split(" +"));
        return Optional.of(new PathArgument(path, parameters));
    }

    /**
     * Whether the address holds anything beyond ASCII: an SMTPUTF8 address, or bytes that were not UTF-8 at all
     * (which the decoder turned into U+FFFD, and {@code EmailAddress} refuses).
     */
    static boolean isNonAscii(String address) {
        return address.chars().anyMatch(c -> c > 0x7f);
    }

    /** Whether one of the parameters is {@code SMTPUTF8} (RFC 6531 §3.4), with or without a (wrong) value. */
    boolean declaresSmtpUtf8() {
        return parameters.stream().anyMatch(p -> keywordOf(p).equals(SMTPUTF8));
    }

    /** The keyword of {@code KEY=value} upper-cased, for case-insensitive comparison (RFC 5321 §2.4). */
    static String keywordOf(String parameter) {
        int equals = parameter.indexOf('=');
        return (equals < 0 ? parameter : parameter.substring(0, equals)).toUpperCase(Locale.ROOT);
    }

    /** The value of {@code KEY=value}, {@code null} when there is none. */
    static String valueOf(String parameter) {
        int equals = parameter.indexOf('=');
        return equals < 0 ? null : parameter.substring(equals + 1);
    }
}
