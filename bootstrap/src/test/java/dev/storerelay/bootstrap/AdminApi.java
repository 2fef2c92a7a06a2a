package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The JSON API over real HTTP, as an admin script would use it; keeps every response body for leak checks. */
final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    AdminApi(int port, String user, String password) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    record Response(int status, JsonNode json, String body) {
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A body of another type, e.g. {@code text/csv}. */
    Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** With the JSON Content-Type every write to /api declares, though a DELETE has no body. */
    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json").DELETE());
    }

    /** Calls that must succeed (2xx). */
    JsonNode ok(Response response) {
        if (response.status() / 100 != 2) {
            throw new AssertionError("expected 2xx, got " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    /**
     * The root unit "company" with the upstream on 127.0.0.1 as its server and shop@shop.example as its sender, on
     * the server's default secure socket options.
     */
    void companyDeliveringTo(int upstreamPort) {
        company("{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstreamPort
                + ",\"outgoingEmailAddress\":\"shop@shop.example\"}");
    }

    /** The same with the given secure socket options, e.g. NONE. */
    void companyDeliveringTo(int upstreamPort, String secureSocketOptions) {
        company("{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstreamPort + ",\"secureSocketOptions\":\""
                + secureSocketOptions + "\",\"outgoingEmailAddress\":\"shop@shop.example\"}");
    }

    private void company(String smtpJson) {
        ok(put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        ok(put("/api/units/company/smtp", smtpJson));
    }

    List<String> allBodies() {
        return List.copyOf(bodies);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", authorization).build(),
                    HttpResponse.BodyHandlers.ofString());
            bodies.add(response.body());
            boolean isJson = response.headers().firstValue("Content-Type").map(t -> t.startsWith("application/json")).orElse(true);
            JsonNode json = response.body().isBlank() || !isJson ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), json, response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
