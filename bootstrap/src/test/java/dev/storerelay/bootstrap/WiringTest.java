package dev.storerelay.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import dev.storerelay.adapter.relay.ListenerSecurity;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.AuthenticateRelayClientUseCase;
import dev.storerelay.application.port.in.CheckSubmitterUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.application.port.in.DeliverMessageUseCase;
import dev.storerelay.delivery.DeliveryWorker;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageAdminUsersUseCase;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.in.RecordRefusedSubmissionsUseCase;
import dev.storerelay.application.port.in.RefusedSubmissionLogUseCase;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.application.port.out.AuthorizationCodeFlowPort;
import dev.storerelay.adapter.management.ManagementServer;
import dev.storerelay.adapter.management.Readiness;
import dev.storerelay.adapter.management.RelayMetrics;
import dev.storerelay.application.port.in.MonitorQueueUseCase;
import dev.storerelay.application.port.out.DeliveryEventsPort;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every binding resolves, with explicit bindings required; Stage.TOOL checks the graph without building it. */
class WiringTest {

    @Test
    void theWholeObjectGraphIsBoundExplicitly() {
        AppConfig config = AppConfig.from(Map.of("STORE_RELAY_DATA_DIR", "target/wiring-test-data"));
        Injector injector = Guice.createInjector(Stage.TOOL, StoreRelay.modules(config, new PrintStream(OutputStream.nullOutputStream())));

        for (Class<?> type : List.of(Lifecycle.class, ManageOrgUnitsUseCase.class, UpdateUnitSettingsUseCase.class,
                ResolveStoreSettingsUseCase.class, RelayMessageUseCase.class, DeliverMessageUseCase.class, DeliveryWorker.class,
                MessageLogUseCase.class, AuthenticateAdminUseCase.class, UpdateRoutingUseCase.class,
                ManageRelayCredentialsUseCase.class, AuthenticateRelayClientUseCase.class, CheckSubmitterUseCase.class,
                ManageAdminUsersUseCase.class, ListenerSecurity.class, AccessTokenPort.class, AuthorizationCodeFlowPort.class,
                MeterRegistry.class, DeliveryEventsPort.class, MonitorQueueUseCase.class, Readiness.class,
                ManagementServer.class, RelayMetrics.class, RecordRefusedSubmissionsUseCase.class,
                RefusedSubmissionLogUseCase.class)) {
            assertThat(injector.getExistingBinding(Key.get(type))).as(type.getSimpleName()).isNotNull();
        }
    }

    @Test
    void theAdminPageIsToldTheOperatorsDefaultSender() {
        AppConfig config = AppConfig.from(Map.of("STORE_RELAY_DATA_DIR", "target/wiring-test-data",
                "STORE_RELAY_DEFAULT_SENDER", "post@shop.example"));

        assertThat(new ConfigModule(config).webConfig().defaultSender())
                .isEqualTo("post@shop.example");
    }
}
