package dev.storerelay.adapter.web;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The admin page's static style and script, from the classpath; a fixed list, so no path can reach other files. */
final class AdminAssets {
    private static final Map<String, String> TYPES = Map.of(
            "admin.css", "text/css; charset=utf-8",
            "admin.js", "text/javascript; charset=utf-8");

    private AdminAssets() {
    }

    static void serve(Context ctx) {
        String name = ctx.pathParam("name");
        String type = TYPES.get(name);
        if (type == null) {
            throw AdminPageException.notFound("There is no such file.");
        }
        try (InputStream in = AdminAssets.class.getResourceAsStream("/admin/assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("admin asset missing from the classpath: " + name);
            }
            ctx.contentType(type).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
