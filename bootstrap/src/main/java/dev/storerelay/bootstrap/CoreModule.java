package dev.storerelay.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.application.port.out.RunLaterPort;
import dev.storerelay.application.service.PasswordHashing;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The bootstrap's part of the object graph, built from one validated {@link AppConfig}: the configuration objects,
 * the clock, the lifecycle and the application services, each area in a module of its own.
 */
final class CoreModule extends AbstractModule {
    private final AppConfig config;
    private final PrintStream console;

    /** @param console where the one-time initial admin password is shown */
    CoreModule(AppConfig config, PrintStream console) {
        this.config = config;
        this.console = console;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        install(new ConfigModule(config));
        install(new ListenerWiringModule());
        install(new DeliveryWiringModule());
        install(new AdminWiringModule());
        install(new ManagementWiringModule());
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(PrintStream.class).toInstance(console);
        bind(Lifecycle.class);
        bind(Draining.class).in(Singleton.class);
    }

    /** One generator for the generated passwords, the salts and the credential caches' keys. */
    @Provides
    @Singleton
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    /** One hasher for relay credentials and admin users: its decoy hash is computed once. */
    @Provides
    @Singleton
    PasswordHashing passwordHashing(SecureRandom random) {
        return new PasswordHashing(random, PasswordHashing.ITERATIONS);
    }

    /** Started with its first task; {@link Lifecycle} stops it. */
    @Provides
    @Singleton
    DelayedTasks delayedTasks() {
        return new DelayedTasks();
    }

    @Provides
    RunLaterPort runLater(DelayedTasks tasks) {
        return tasks;
    }
}
