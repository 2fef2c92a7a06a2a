package dev.storerelay.adapter.web;

import gg.jte.Content;

/**
 * Builds HTML text for the admin pages. Every text and attribute value goes through {@link #escape}, so a unit
 * name or an upstream reply can never become markup; there is no way to add raw text from outside.
 */
final class Html {
    private final StringBuilder out = new StringBuilder(4096);

    /** Opens {@code tag} with attributes given as name/value pairs; a {@code null} value leaves the attribute out. */
    Html open(String tag, String... attributes) {
        out.append('<').append(tag);
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
        out.append('>');
        return this;
    }

    Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** An element holding only text. */
    Html el(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** Adds what another builder made (already escaped there). */
    Html append(Html other) {
        out.append(other.out);
        return this;
    }

    /** Adds what a template rendered (escaped there by jte). */
    Html append(Content content) {
        out.append(Templates.render(content));
        return this;
    }

    /** A hidden form field. */
    Html hidden(String name, String value) {
        return open("input", "type", "hidden", "name", name, "value", value);
    }

    /** {@code "checked"} when true, else {@code null} (left out): for boolean attributes. */
    static String flag(boolean on, String name) {
        return on ? name : null;
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
