package dev.storerelay.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.adapter.relay.outbound.DeliveryWorkerConfig;
import dev.storerelay.application.port.in.DeliverDueMessagesUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.PurgeOldMessagesUseCase;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import dev.storerelay.application.port.in.ReleaseHeldMailUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.out.DeliveryEventsPort;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.MessageQueuePort;
import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.application.service.DeliverDueMessagesService;
import dev.storerelay.application.service.DeliveryConfig;
import dev.storerelay.application.service.DeliveryHandoff;
import dev.storerelay.application.service.HeldMailCheck;
import dev.storerelay.application.service.MessageRetentionService;
import dev.storerelay.application.service.RelayMessageService;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/** The services a message passes through after the listener took it: hand-off, delivery, held mail, retention. */
final class DeliveryWiringModule extends AbstractModule {
    @Provides
    @Singleton
    RelayMessageUseCase relayMessage(LoadOrgTreePort tree, UnitRoutingPort routing, MessageQueuePort queue,
                                     DeliverySignalPort signal, Clock clock, DeliveryHandoff handoff) {
        return new RelayMessageService(tree, routing, queue, signal, clock, handoff);
    }

    /** Room for two messages per delivery thread: enough to keep them busy, little to redo should the process die. */
    @Provides
    @Singleton
    DeliveryHandoff deliveryHandoff(DeliveryWorkerConfig workers, DeliveryConfig delivery) {
        return new DeliveryHandoff(workers.processName() + "/handoff", 8 * workers.threads(), delivery.lease());
    }

    @Provides
    @Singleton
    DeliverDueMessagesUseCase deliverDueMessages(MessageQueuePort queue, ResolveStoreSettingsUseCase resolver,
                                                 ForwardMessagePort forwarder, DeliveryConfig delivery, Clock clock,
                                                 ManageRateLimitsUseCase rateLimits, DeliveryHandoff handoff,
                                                 SendSlotsPort sendSlots, MessageContextPort context,
                                                 DeliveryEventsPort events) {
        return new DeliverDueMessagesService(queue, resolver, forwarder, delivery, clock,
                () -> ThreadLocalRandom.current().nextDouble(), rateLimits, handoff, sendSlots, context, events);
    }

    @Provides
    @Singleton
    ReleaseHeldMailUseCase releaseHeldMail(MessageQueuePort queue, ResolveStoreSettingsUseCase resolver,
                                           DeliverySignalPort signal, Clock clock) {
        return new HeldMailCheck(queue, resolver, signal, clock);
    }

    @Provides
    @Singleton
    PurgeOldMessagesUseCase purgeOldMessages(MessageQueuePort queue, RefusedSubmissionsPort refused, Clock clock,
                                             AppConfig config) {
        return new MessageRetentionService(queue, refused, clock, config.delivery().messageRetention());
    }
}
