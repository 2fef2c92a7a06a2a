package dev.storerelay.adapter.web;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.util.HashMap;
import java.util.Map;

/**
 * Renders the admin page's JTE templates ({@code src/main/jte}), compiled at build time into this package so they can
 * read the package's own view records. {@link ContentType#Html} escapes every value the templates print.
 */
final class Templates {
    /** The package the jte-maven-plugin generates into; templates sit at the root of {@code src/main/jte}. */
    static final String PACKAGE = "dev.storerelay.adapter.web";
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html, null, PACKAGE);

    private Templates() {
    }

    /** Renders {@code name} (e.g. {@code "users.jte"}) with its parameters by name. */
    static String render(String name, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        ENGINE.render(name, params, out);
        return out.toString();
    }

    /** The template {@code name} as content for another template, e.g. the page inside {@code layout.jte}. */
    static Content content(String name, Map<String, Object> params) {
        return output -> ENGINE.render(name, params, output);
    }

    /** Parameters from name/value pairs; unlike {@link Map#of} a value may be {@code null}. */
    static Map<String, Object> params(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in name/value pairs");
        }
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }
}
