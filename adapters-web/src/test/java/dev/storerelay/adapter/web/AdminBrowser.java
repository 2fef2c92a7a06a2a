package dev.storerelay.adapter.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A plain HTTP client that behaves like a browser on the admin page: keeps cookies, posts forms with the CSRF token
 * of the last page it saw, and does not follow redirects (tests look at them). Keeps every HTML body it received.
 */
final class AdminBrowser {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    final CookieManager cookies = new CookieManager();
    private final HttpClient client;
    private final String base;
    private final List<String> pages = new ArrayList<>();
    private String csrf;

    AdminBrowser(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Posts the form fields plus the CSRF token of the last page seen (if any). */
    HttpResponse<String> post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.putIfAbsent("csrf", csrf);
        }
        return postRaw(path, all);
    }

    /** Posts exactly these fields: no CSRF token added. */
    HttpResponse<String> postRaw(String path, Map<String, String> fields) {
        return postFrom(path, fields, Map.of(), false);
    }

    /**
     * Posts the fields plus the CSRF token of the last page seen, with the headers a browser adds to say where the
     * post comes from ({@code Origin}, {@code Sec-Fetch-Site}).
     */
    HttpResponse<String> postFrom(String path, Map<String, String> fields, Map<String, String> headers) {
        return postFrom(path, fields, headers, true);
    }

    private HttpResponse<String> postFrom(String path, Map<String, String> fields, Map<String, String> headers,
                                          boolean withToken) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (withToken && csrf != null) {
            all.putIfAbsent("csrf", csrf);
        }
        String body = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** A JSON {@code PUT} under {@code /api} with the browser's cookies and, if given, a {@code X-CSRF-Token} header. */
    HttpResponse<String> putJson(String path, String json, String csrfHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        if (csrfHeader != null) {
            request.header(AdminPageAccess.CSRF_HEADER, csrfHeader);
        }
        return send(request);
    }

    /** A {@code GET} with explicit HTTP Basic credentials besides the browser's cookies. */
    HttpResponse<String> getWithBasic(String path, String user, String password) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", ApiServer.basic(user, password)).GET());
    }

    /** The CSRF token of the last page seen. */
    String csrfToken() {
        return csrf;
    }

    /** Signs in and loads the SMTP Server page, so the CSRF token is known. */
    HttpResponse<String> signIn(String user, String password) {
        get(AdminPageAccess.SIGN_IN);                    // the form's token and its cookie, as a browser gets them
        HttpResponse<String> response = postRaw(AdminPageAccess.SIGN_IN,
                Map.of("username", user, "password", password, AdminPageAccess.CSRF_FIELD, csrf));
        if (response.statusCode() == 303) {
            get(AdminLayout.SMTP_SERVER);
        }
        return response;
    }

    List<String> pages() {
        return List.copyOf(pages);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            pages.add(response.body());
            Matcher m = CSRF.matcher(response.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
