package dev.storerelay.bootstrap;

/**
 * Whether the relay is stopping. The lifecycle sets it before it stops anything, so readiness answers 503 while the
 * listener still takes mail: a load balancer or a probe sees the relay go before its port closes.
 */
final class Draining {
    private volatile boolean draining;

    void begin() {
        draining = true;
    }

    boolean isDraining() {
        return draining;
    }
}
