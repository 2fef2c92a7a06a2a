package dev.storerelay.domain.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The code of an organizational unit (company, region or store): 1–64 letters, digits, {@code -} or {@code _},
 * case-sensitive. It is what legacy systems put in the {@code X-Store-Id} header, so it can never carry
 * white space, CR or LF.
 */
public record UnitId(String value) implements Comparable<UnitId> {
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public UnitId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a unit id (1-64 letters, digits, '-' or '_'): " + Texts.printable(value));
        }
    }

    public static boolean isValid(String candidate) {
        return candidate != null && SYNTAX.matcher(candidate).matches();
    }

    public static UnitId of(String value) {
        return new UnitId(value);
    }

    @Override
    public int compareTo(UnitId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
