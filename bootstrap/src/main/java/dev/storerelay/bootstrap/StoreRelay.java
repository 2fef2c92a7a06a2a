package dev.storerelay.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.storerelay.adapter.management.ManagementModule;
import dev.storerelay.adapter.oauth2.OAuth2Module;
import dev.storerelay.adapter.persistence.PersistenceModule;
import dev.storerelay.adapter.relay.RelayModule;
import dev.storerelay.adapter.web.WebModule;

import java.io.PrintStream;
import java.util.List;

/** A running relay: the wired object graph and its lifecycle. */
public final class StoreRelay implements AutoCloseable {
    private final Lifecycle lifecycle;

    private StoreRelay(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** All modules of the relay for a configuration. */
    static List<Module> modules(AppConfig config, PrintStream console) {
        return List.of(new CoreModule(config, console), new PersistenceModule(), new RelayModule(), new OAuth2Module(),
                new WebModule(), new ManagementModule());
    }

    /** Wires and starts the relay; throws (after stopping what started) if any part fails to start. */
    public static StoreRelay start(AppConfig config, PrintStream console) {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, modules(config, console));
        Lifecycle lifecycle = injector.getInstance(Lifecycle.class);
        lifecycle.start();
        return new StoreRelay(lifecycle);
    }

    public int smtpPort() {
        return lifecycle.smtpPort();
    }

    public int adminPort() {
        return lifecycle.adminPort();
    }

    public int managementPort() {
        return lifecycle.managementPort();
    }

    /** For tests of the stop: runs on stopping, after readiness turned 503 and before the SMTP listener closes. */
    void whileDraining(Runnable action) {
        lifecycle.whileDraining(action);
    }

    @Override
    public void close() {
        lifecycle.stop();
    }
}
