package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.UpstreamReply;

import java.util.regex.Pattern;

/**
 * How a well-known reply is recognised in what the relay recorded: the reply as {@link UpstreamReply#toString()}
 * shows it, the code and then the text with its line breaks folded. Wording is compared without regard to case,
 * since providers write the same reply in different cases on different servers.
 */
@FunctionalInterface
public interface ReplyPattern {

    boolean matches(UpstreamReply reply);

    /**
     * An SMTP reply with this code and enhanced status code (RFC 3463), as the server sent it or as quoted in a
     * reason the relay recorded without a code: a refused login is kept as "upstream … refused the login: 535
     * 5.7.139 …", because it waits for the admin instead of failing the mail. A multi-line reply repeats the code
     * with a hyphen ("535-5.7.8 …"); a digit or dot right before or a digit right after would make another code
     * (5.7.3 is not 5.7.30).
     */
    static ReplyPattern smtp(int code, String enhancedStatus) {
        Pattern pattern = Pattern.compile("(?<![\\d.])" + code + "[ -]+" + Pattern.quote(enhancedStatus) + "(?!\\d)");
        return reply -> pattern.matcher(reply.toString()).find();
    }

    /** Any reply whose text contains the fragment. */
    static ReplyPattern saying(String fragment) {
        Pattern pattern = Pattern.compile(Pattern.quote(fragment), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return reply -> pattern.matcher(reply.toString()).find();
    }

    /**
     * A token endpoint's refusal, recorded without an SMTP code ({@code AccessTokenUnavailableException}; README, *What
     * the relay does on token errors*), that names this error (RFC 6749 §5.2, e.g. {@code invalid_grant}) or Entra ID
     * code ({@code AADSTS700016}) as a whole word: AADSTS90002 is not AADSTS900023.
     */
    static ReplyPattern tokenEndpointError(String error) {
        Pattern pattern = Pattern.compile("(?<!\\w)" + Pattern.quote(error) + "(?!\\w)", Pattern.CASE_INSENSITIVE);
        return reply -> reply.code() == UpstreamReply.NO_REPLY && pattern.matcher(reply.text()).find();
    }

    /** This pattern, and the text also contains the fragment. */
    default ReplyPattern withText(String fragment) {
        ReplyPattern also = ReplyPattern.saying(fragment);
        return reply -> matches(reply) && also.matches(reply);
    }

    /** This pattern or the other. */
    default ReplyPattern or(ReplyPattern other) {
        return reply -> matches(reply) || other.matches(reply);
    }
}
