package dev.storerelay.domain.model;

/** A TCP port number, 1–65535. */
public record Port(int value) {
    public static final int MIN = 1;
    public static final int MAX = 65535;

    public Port {
        if (value < MIN || value > MAX) {
            throw new IllegalArgumentException("port must be " + MIN + "-" + MAX + ": " + value);
        }
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
