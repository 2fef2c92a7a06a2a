package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.TransactionPort;

import java.util.function.Supplier;

/** One database transaction around several port calls of one thread (see {@link Database#inOneTransaction}). */
final class JdbcTransactions implements TransactionPort {
    private final Database database;

    JdbcTransactions(Database database) {
        this.database = database;
    }

    @Override
    public <T> T inOneTransaction(Supplier<T> work) {
        return database.inOneTransaction(work);
    }
}
