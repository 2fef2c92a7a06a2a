package dev.storerelay.adapter.relay.testing;

import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;

/**
 * SASL {@code XOAUTH2} for {@link FakeUpstream}, answering as Gmail does: a token it does not accept gets a {@code 334}
 * challenge with a Base64 JSON error, and the client's (empty) answer to that a {@code 535 5.7.8}. Which tokens it
 * accepts for which user is the test's {@code accepts(user, token)}: a set of issued tokens, or a real check of a
 * signed token.
 */
public final class FakeXoauth2 implements AuthenticationHandlerFactory {
    /** The error Gmail sends Base64-encoded in its 334 challenge. */
    public static final String ERROR_JSON = "{\"status\":\"400\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}";

    /** One AUTH XOAUTH2 as the server got it; {@code token} is what the client sent as its bearer token. */
    public record Attempt(String user, String token, boolean accepted) {
    }

    private final BiPredicate<String, String> accepts;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

    public FakeXoauth2(BiPredicate<String, String> accepts) {
        this.accepts = accepts;
    }

    /** Every AUTH XOAUTH2 so far, in order. */
    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public List<String> getAuthenticationMechanisms() {
        return List.of("XOAUTH2");
    }

    @Override
    public AuthenticationHandler create() {
        return new AuthenticationHandler() {
            private String identity;
            private boolean challenged;

            @Override
            public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
                if (challenged) {
                    throw new RejectException(535, "5.7.8 Username and Password not accepted.");
                }
                String[] words = clientInput.strip().split(" ");
                String response = words.length >= 3 && words[0].equalsIgnoreCase("AUTH") ? words[2]
                        : words.length == 1 && !words[0].equalsIgnoreCase("AUTH") ? words[0] : null;
                if (response == null) {
                    return Optional.of("334 ");                    // the client sends its response next
                }
                String user = null;
                String token = null;
                try {
                    // RFC-less but documented by Google: "user=" user ^A "auth=Bearer " token ^A ^A
                    for (String part : new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8).split("\u0001")) {
                        if (part.startsWith("user=")) {
                            user = part.substring(5);
                        } else if (part.startsWith("auth=Bearer ")) {
                            token = part.substring(12);
                        }
                    }
                } catch (IllegalArgumentException e) {
                    throw new RejectException(501, "5.5.2 Cannot decode response");
                }
                boolean accepted = user != null && token != null && accepts.test(user, token);
                attempts.add(new Attempt(user, token, accepted));
                if (accepted) {
                    identity = user;
                    return Optional.empty();
                }
                challenged = true;
                return Optional.of("334 " + Base64.getEncoder().encodeToString(ERROR_JSON.getBytes(StandardCharsets.UTF_8)));
            }

            @Override
            public Object getIdentity() {
                return identity;
            }
        };
    }
}
