package dev.storerelay.application.port.out;

import java.util.Locale;
import java.util.Objects;

/**
 * A text filter of the delivery log: the whole value, or ({@code prefix}) values that begin with {@code text}; case
 * is ignored either way. Both read an index on the column; only a leading wildcard could not, so there is none.
 *
 * @param text what the value is or begins with, never empty
 */
public record TextMatch(String text, boolean prefix) {
    /** Written at the end of a search term, it asks for values that begin with the rest ({@code anna@*}). */
    public static final String PREFIX_MARK = "*";

    public TextMatch {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a text filter needs some text");
        }
    }

    /** The term as typed: a trailing {@link #PREFIX_MARK} makes it a prefix; {@code null} for a blank or bare mark. */
    public static TextMatch parse(String term) {
        if (term == null || term.isBlank()) {
            return null;
        }
        String stripped = term.strip();
        boolean prefix = stripped.endsWith(PREFIX_MARK);
        String text = prefix ? stripped.substring(0, stripped.length() - PREFIX_MARK.length()).strip() : stripped;
        return text.isEmpty() ? null : new TextMatch(text, prefix);
    }

    public static TextMatch prefix(String text) {
        return new TextMatch(text, true);
    }

    /** Whether {@code value} matches, ignoring case as the database does; for fakes and views. */
    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        String t = text.toLowerCase(Locale.ROOT);
        return prefix ? v.startsWith(t) : v.equals(t);
    }

    @Override
    public String toString() {
        return prefix ? text + PREFIX_MARK : text;
    }
}
