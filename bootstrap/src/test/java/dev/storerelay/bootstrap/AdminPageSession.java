package dev.storerelay.bootstrap;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The admin page over plain HTTP, signed in through its sign-in form as a browser would be (form token, session
 * cookie), without a browser; keeps every page it was sent for leak checks.
 */
final class AdminPageSession {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final List<String> pages = new CopyOnWriteArrayList<>();
    private String csrf;

    private AdminPageSession(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Signs in with the sign-in form; fails unless the page lets the user in. */
    static AdminPageSession signIn(int port, String user, String password) {
        AdminPageSession session = new AdminPageSession(port);
        String form = session.get("/admin/sign-in");
        HttpResponse<String> signedIn = session.send("/admin/sign-in", Map.of("username", user, "password", password,
                "csrf", csrfOf(form)));
        if (signedIn.statusCode() != 303) {
            throw new AssertionError("sign-in refused: " + signedIn.statusCode() + " " + signedIn.body());
        }
        session.csrf = csrfOf(session.get("/admin/setup/settings/communication/smtp-server"));
        return session;
    }

    /** A page that must be shown (200). */
    String get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            pages.add(response.body());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Posts one of the page's forms with the session's CSRF token, as its button would. */
    String post(String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("csrf", csrf);
        HttpResponse<String> response = send(path, form);
        if (response.statusCode() != 200) {
            throw new AssertionError("POST " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Every page body received so far. */
    List<String> pages() {
        return List.copyOf(pages);
    }

    private HttpResponse<String> send(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            pages.add(response.body());
            return response;
        } catch (IOException e) {
            throw new AssertionError("POST " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String csrfOf(String page) {
        Matcher matcher = CSRF.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF token in the page");
        }
        return matcher.group(1);
    }
}
