package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.Map;

/**
 * Query-string parameters of the API and the page lists ({@code unit}, {@code limit}, {@code offset}, {@code page}),
 * checked before they are parsed: a malformed one is the client's error, never a 500.
 */
final class QueryParams {
    /** The largest {@code offset} of a list: the storage adapters page with an {@code int}. */
    static final int MAX_OFFSET = Integer.MAX_VALUE;
    private static final int MAX_PAGE = 100_000;

    private QueryParams() {
    }

    /**
     * The number, or {@code absent} when the parameter is missing; out of range or not a number adds to {@code errors}.
     * Every number from {@code min} to {@code max} is accepted, however many digits it has, so the error message
     * names exactly the range that is enforced.
     */
    static int number(String text, int absent, int min, int max, String name, Map<String, String> errors) {
        if (text == null || text.isEmpty()) {
            return absent;
        }
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            String digits = text.replaceFirst("^0+(?=.)", "");
            // More digits than the maximum has cannot be in range, and would overflow a long.
            if (digits.length() <= String.valueOf(max).length()) {
                long value = Long.parseLong(digits);
                if (value >= min && value <= max) {
                    return (int) value;
                }
            }
        }
        errors.put(name, "Enter a whole number from " + min + " to " + max + ".");
        return absent;
    }

    /** The {@code offset} of a list: 0 when missing, 0 to {@link #MAX_OFFSET}. */
    static int offset(String text, Map<String, String> errors) {
        return number(text, 0, 0, MAX_OFFSET, "offset", errors);
    }

    /** A unit filter of the API: {@code null} when missing or empty; a malformed id adds to {@code errors}. */
    static UnitId unit(String text, Map<String, String> errors) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!UnitId.isValid(text)) {
            errors.put("unit", PathParams.UNIT_ID_RULE);
            return null;
        }
        return UnitId.of(text);
    }

    /** A unit id of the admin page: {@code null} when missing or empty, a 400 page when malformed. */
    static UnitId pageUnit(String text) {
        Map<String, String> errors = new java.util.HashMap<>();
        UnitId unit = unit(text, errors);
        if (!errors.isEmpty()) {
            throw AdminPageException.badRequest(PathParams.UNIT_ID_RULE);
        }
        return unit;
    }

    /** The unit of an admin page among {@code all}: a 400 page when the id is malformed or missing, 404 when unknown. */
    static OrgUnit existingUnit(List<OrgUnit> all, String text) {
        UnitId id = pageUnit(text);
        if (id == null) {
            throw AdminPageException.badRequest(PathParams.UNIT_ID_RULE);
        }
        return all.stream().filter(u -> u.id().equals(id)).findFirst()
                .orElseThrow(() -> AdminPageException.notFound("There is no unit " + id + "."));
    }

    /** A page number of the admin page's lists: 1 when missing, a 400 page when it is not a page number. */
    static int page(String text) {
        Map<String, String> errors = new java.util.HashMap<>();
        int page = number(text, 1, 1, MAX_PAGE, "page", errors);
        if (!errors.isEmpty()) {
            throw AdminPageException.badRequest("The page is a number from 1.");
        }
        return page;
    }
}
