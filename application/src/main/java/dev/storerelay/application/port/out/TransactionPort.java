package dev.storerelay.application.port.out;

import java.util.function.Supplier;

/**
 * Runs several changes as one: every port call that {@code work} makes on the calling thread joins one database
 * transaction, committed when {@code work} returns and rolled back, all of it, when it throws. For changes that must
 * happen all together or not at all, such as an import of many units.
 */
public interface TransactionPort {

    <T> T inOneTransaction(Supplier<T> work);
}
