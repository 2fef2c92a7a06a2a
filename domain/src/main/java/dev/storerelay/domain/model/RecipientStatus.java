package dev.storerelay.domain.model;

/** Where one recipient of a queued message stands. */
public enum RecipientStatus {
    /** Not yet delivered; will be tried (again). */
    PENDING,
    /** The upstream server accepted it (2xx). */
    DELIVERED,
    /** The upstream server refused it permanently (5xx); kept with the reply. */
    FAILED,
    /** Not delivered within the maximum queue lifetime. */
    EXPIRED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
