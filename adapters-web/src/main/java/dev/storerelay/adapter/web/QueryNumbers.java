package dev.storerelay.adapter.web;

import java.util.Map;

/** Whole numbers from query strings ({@code limit}, {@code offset}, {@code page}), checked before they are parsed. */
final class QueryNumbers {
    private static final int MAX_DIGITS = 9;
    private static final int MAX_PAGE = 100_000;

    private QueryNumbers() {
    }

    /** The number, or {@code absent} when the parameter is missing; out of range or not a number adds to {@code errors}. */
    static int number(String text, int absent, int min, int max, String name, Map<String, String> errors) {
        if (text == null || text.isEmpty()) {
            return absent;
        }
        if (text.length() <= MAX_DIGITS && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        }
        errors.put(name, "Enter a whole number from " + min + " to " + max + ".");
        return absent;
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
