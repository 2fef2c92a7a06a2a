package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.MessageContextPort;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.storerelay.application.port.out.AdminUsersPort;
import dev.storerelay.application.port.out.ConnectionPermitsPort;
import dev.storerelay.application.port.out.HeldMailPort;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.ClaimDueMessagesPort;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.MessageActionsPort;
import dev.storerelay.application.port.out.PurgeMessagesPort;
import dev.storerelay.application.port.out.RecordAttemptPort;
import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.application.port.out.RetryDeferredMailPort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.application.port.out.LoadQueueStatisticsPort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class PersistenceModuleTest {
    @TempDir
    Path dataDir;

    @Test
    void providesEveryPortWithExplicitBindingsAndWithoutTouchingTheDisk() throws Exception {
        PersistenceConfig config = new PersistenceConfig(null, null, null, dataDir.resolve("data"), null);
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                binder().disableCircularProxies();
                bind(PersistenceConfig.class).toInstance(config);
                bind(PermitHolder.class).toInstance(new PermitHolder("test-process"));
                bind(Clock.class).toInstance(Clock.systemUTC());
                bind(MessageContextPort.class).toInstance(MessageContextPort.NONE);
                bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry());
            }
        }, new PersistenceModule());

        assertThat(injector.getInstance(LoadOrgTreePort.class)).isSameAs(injector.getInstance(SaveOrgUnitPort.class));
        assertThat(injector.getInstance(LoadMessageLogPort.class)).isSameAs(injector.getInstance(LoadQueueStatisticsPort.class));
        assertThat(injector.getInstance(HeldMailPort.class)).isSameAs(injector.getInstance(RetryDeferredMailPort.class));
        assertThat(injector.getInstance(RecordAttemptPort.class)).isSameAs(injector.getInstance(RecordAttemptPort.class));
        assertThat(injector.getInstance(UnitSettingsPort.class)).isNotNull();
        assertThat(injector.getInstance(AdminUsersPort.class)).isNotNull();
        assertThat(injector.getInstance(UnitRoutingPort.class)).isSameAs(injector.getInstance(UnitRoutingPort.class));
        assertThat(injector.getInstance(RelayCredentialsPort.class)).isSameAs(injector.getInstance(RelayCredentialsPort.class));
        assertThat(injector.getInstance(ConnectionPermitsPort.class)).isSameAs(injector.getInstance(ConnectionPermitsPort.class));
        assertThat(injector.getInstance(ClaimDueMessagesPort.class)).isSameAs(injector.getInstance(ClaimDueMessagesPort.class));
        assertThat(injector.getInstance(EnqueueMessagePort.class)).isSameAs(injector.getInstance(EnqueueMessagePort.class));
        assertThat(injector.getInstance(MessageActionsPort.class)).isSameAs(injector.getInstance(MessageActionsPort.class));
        assertThat(injector.getInstance(PurgeMessagesPort.class)).isSameAs(injector.getInstance(PurgeMessagesPort.class));
        assertThat(injector.getInstance(Database.class)).isSameAs(injector.getInstance(Database.class));
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }
}
