package dev.storerelay.bootstrap;

/**
 * A variable the relay reads (README, *Configuration*).
 *
 * @param defaultValue {@code null}: empty
 * @param secret       never repeated in an error or the start-up log
 */
record ConfigKey(String variable, String defaultValue, boolean secret) {

    static ConfigKey of(String variable, String defaultValue) {
        return new ConfigKey(variable, defaultValue, false);
    }

    /** A secret has no default: an empty one is generated or not used. */
    static ConfigKey secret(String variable) {
        return new ConfigKey(variable, null, true);
    }
}
