package dev.storerelay.adapter.web;

/**
 * Ends an admin page request early: either a redirect (e.g. to the sign-in form) or a refusal shown as a small
 * HTML page. Thrown from before-handlers and turned into a response in one place.
 */
final class AdminPageException extends RuntimeException {
    private final int status;
    private final String location;

    private AdminPageException(int status, String message, String location) {
        super(message, null, false, false);
        this.status = status;
        this.location = location;
    }

    static AdminPageException forbidden(String message) {
        return new AdminPageException(403, message, null);
    }

    static AdminPageException notFound(String message) {
        return new AdminPageException(404, message, null);
    }

    static AdminPageException badRequest(String message) {
        return new AdminPageException(400, message, null);
    }

    /** 303 See Other: after a POST the browser follows with a GET. */
    static AdminPageException redirect(String location) {
        return new AdminPageException(303, "see " + location, location);
    }

    int status() {
        return status;
    }

    /** The redirect target, {@code null} for a refusal. */
    String location() {
        return location;
    }
}
