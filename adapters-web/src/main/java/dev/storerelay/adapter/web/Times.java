package dev.storerelay.adapter.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A point in time on the admin page ({@code time.jte}): {@code <time>} with the instant in {@code datetime} and UTC as its text and on
 * hover ({@code title}); the page's script shows it in the admin's own time zone, the title keeping UTC. Without the
 * script the text stays UTC, which is never wrong.
 */
final class Times {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** The text and title of {@code time.jte}: the instant to the second, in UTC. */
    static String utc(Instant at) {
        return UTC.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The {@code datetime} attribute of {@code time.jte}. */
    static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
