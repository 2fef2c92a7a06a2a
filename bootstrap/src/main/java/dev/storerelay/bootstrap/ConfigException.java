package dev.storerelay.bootstrap;

/** A missing or invalid setting; the message is one line naming the variable. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
