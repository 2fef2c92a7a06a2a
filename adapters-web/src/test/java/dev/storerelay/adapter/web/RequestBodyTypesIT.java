package dev.storerelay.adapter.web;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The way a route accepts a body type besides JSON (a route role read before the matched handler), on a small
 * Javalin app of its own: no route of the admin web takes another type yet.
 */
class RequestBodyTypesIT {
    private final HttpClient client = HttpClient.newHttpClient();
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(c -> {
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            c.startup.showJavalinBanner = false;
            c.routes.beforeMatched(RequestBodyTypes::check);
            c.routes.post("/api/import", ctx -> ctx.result("imported"), RequestBodyTypes.JSON.and("text/csv"));
            c.routes.post("/api/other", ctx -> ctx.result("done"));
            c.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).result(e.body().error()));
        }).start();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void aRouteWithTheRoleTakesItsExtraTypeAndTheOthersOnlyJson() throws Exception {
        assertThat(post("/api/import", "text/csv").statusCode()).isEqualTo(200);
        assertThat(post("/api/import", "application/json").statusCode()).isEqualTo(200);
        HttpResponse<String> plain = post("/api/import", "text/plain");
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.body()).endsWith("application/json or application/merge-patch+json or text/csv");

        assertThat(post("/api/other", "text/csv").statusCode()).isEqualTo(415);
        assertThat(post("/api/other", "application/json").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String path, String contentType) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString("a,b")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
