package dev.storerelay.adapter.oauth2;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;

/**
 * Sends token requests (Nimbus's {@link HTTPRequest} over {@code HttpURLConnection}) with timeouts and the relay's
 * upstream trust, and reads the answer. Every failure becomes a {@link TokenEndpointException} whose message names the
 * endpoint's host and what went wrong, and never carries the request or the answer: both hold secrets.
 *
 * <p>Every request is counted by result (README, *Metrics*: {@value #REQUESTS}): {@code success}, {@code refused} (the
 * endpoint answered without a token, e.g. {@code invalid_client}) or {@code unreachable} (no answer at all).
 */
final class TokenEndpoint {
    /** An error description is the provider's text (Entra's run to a few hundred characters with trace ids). */
    private static final int MAX_DESCRIPTION = 300;
    static final String REQUESTS = "storerelay.oauth2.token.requests";

    private final OAuth2ClientConfig config;
    private final SSLSocketFactory tls;
    private final Counter succeeded;
    private final Counter refused;
    private final Counter unreachable;

    /** @param meters where the token requests are counted, registered here at zero */
    TokenEndpoint(OAuth2ClientConfig config, MeterRegistry meters) {
        this.config = config;
        this.succeeded = requests(meters, "success");
        this.refused = requests(meters, "refused");
        this.unreachable = requests(meters, "unreachable");
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {config.trust()}, null);
            this.tls = context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for OAuth 2.0 token endpoints: " + e.getMessage(), e);
        }
    }

    /** Sends the request and returns the tokens it gave. */
    AccessTokenResponse send(TokenRequest request) throws TokenEndpointException {
        URI endpoint = request.getEndpointURI();
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout((int) config.connectTimeout().toMillis());
        http.setReadTimeout((int) config.readTimeout().toMillis());
        http.setSSLSocketFactory(tls);
        // A redirect would carry the client's credentials elsewhere; a token endpoint answers itself.
        http.setFollowRedirects(false);
        HTTPResponse response;
        try {
            response = http.send();
        } catch (IOException e) {
            unreachable.increment();
            throw new TokenEndpointException("OAuth 2.0 token endpoint " + host(endpoint) + " unreachable: " + reason(e), null, e);
        }
        TokenResponse answer;
        try {
            answer = TokenResponse.parse(response);
        } catch (ParseException e) {
            refused.increment();
            // Not the endpoint's JSON: a proxy's page, a redirect. The parser's message may quote the body: left out.
            throw new TokenEndpointException("OAuth 2.0 token refused by " + host(endpoint) + ": HTTP "
                    + response.getStatusCode() + " without an OAuth 2.0 answer", null, null);
        }
        if (!answer.indicatesSuccess()) {
            refused.increment();
            ErrorObject error = answer.toErrorResponse().getErrorObject();
            String code = error == null ? null : error.getCode();
            if (code == null || code.isBlank()) {
                throw new TokenEndpointException("OAuth 2.0 token refused by " + host(endpoint) + ": HTTP "
                        + response.getStatusCode() + " without an OAuth 2.0 error", null, null);
            }
            String description = clean(error.getDescription());
            throw new TokenEndpointException("OAuth 2.0 token refused by " + host(endpoint) + ": " + clean(code)
                    + (description.isEmpty() ? "" : " (" + description + ")"), clean(code), null);
        }
        succeeded.increment();
        return answer.toSuccessResponse();
    }

    private static Counter requests(MeterRegistry meters, String result) {
        return Counter.builder(REQUESTS)
                .description("Requests to OAuth 2.0 token endpoints: success, refused (an answer without a token) or"
                        + " unreachable (no answer)")
                .tag("result", result).register(meters);
    }

    /** The endpoint as an admin knows it: its host, and the port when the address names one. */
    static String host(URI endpoint) {
        return endpoint.getHost() + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + clean(message));
    }

    /** One line of printable text, bounded: the provider's words go into log lines and the delivery log. */
    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() <= MAX_DESCRIPTION ? line : line.substring(0, MAX_DESCRIPTION) + "…";
    }
}
