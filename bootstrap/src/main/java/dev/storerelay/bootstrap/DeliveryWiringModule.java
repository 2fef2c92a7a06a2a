package dev.storerelay.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.application.port.in.DeliverMessageUseCase;
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
import dev.storerelay.application.port.out.ClaimDueMessagesPort;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.HeldMailPort;
import dev.storerelay.application.port.out.PurgeMessagesPort;
import dev.storerelay.application.port.out.RecordAttemptPort;
import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.application.port.out.SubmitMessagePort;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.application.service.DeliverMessageService;
import dev.storerelay.application.service.DeliveryConfig;
import dev.storerelay.application.service.HeldMailCheck;
import dev.storerelay.application.service.MessageRetentionService;
import dev.storerelay.application.service.RelayMessageService;
import dev.storerelay.delivery.DeliveryDispatcher;
import dev.storerelay.delivery.DeliveryHandoff;
import dev.storerelay.delivery.DeliveryWorker;
import dev.storerelay.delivery.DeliveryWorkerConfig;
import dev.storerelay.delivery.OutcomeRecorder;
import dev.storerelay.delivery.Submissions;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The services a message passes through after the listener took it: the delivery runtime around the synchronous
 * delivery use case, held mail, retention.
 */
final class DeliveryWiringModule extends AbstractModule {
    /** Hand-off room per delivery thread: enough to keep them busy, little to redo should the process die. */
    static final int HANDOFF_PER_THREAD = 8;

    @Provides
    @Singleton
    DeliveryHandoff deliveryHandoff(DeliveryWorkerConfig workers, DeliveryConfig delivery) {
        return new DeliveryHandoff(workers.processName() + "/handoff", HANDOFF_PER_THREAD * workers.threads(),
                delivery.lease());
    }

    @Provides
    @Singleton
    SubmitMessagePort submissions(EnqueueMessagePort queue, DeliverySignalPort signal, DeliveryHandoff handoff) {
        return new Submissions(queue, signal, handoff);
    }

    @Provides
    @Singleton
    RelayMessageUseCase relayMessage(LoadOrgTreePort tree, UnitRoutingPort routing, SubmitMessagePort submissions,
                                     Clock clock) {
        return new RelayMessageService(tree, routing, submissions, clock);
    }

    @Provides
    @Singleton
    DeliverMessageUseCase deliverMessage(ResolveStoreSettingsUseCase resolver, ManageRateLimitsUseCase rateLimits,
                                         SendSlotsPort sendSlots, ForwardMessagePort forwarder, EnqueueMessagePort queue,
                                         DeliveryConfig delivery, Clock clock, DeliveryEventsPort events) {
        return new DeliverMessageService(resolver, rateLimits, sendSlots, forwarder, queue, delivery, clock,
                () -> ThreadLocalRandom.current().nextDouble(), events);
    }

    @Provides
    @Singleton
    DeliveryWorker deliveryWorker(ClaimDueMessagesPort claims, RecordAttemptPort records, DeliverMessageUseCase deliver,
                                  DeliveryHandoff handoff, MessageContextPort context, DeliveryConfig delivery,
                                  DeliveryWorkerConfig config, Clock clock) {
        OutcomeRecorder recorder = new OutcomeRecorder(records, context);
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(claims, records, recorder, deliver, handoff, context,
                delivery.lease(), delivery.maxDeliveriesPerStore(), clock);
        return new DeliveryWorker(dispatcher, recorder, config, clock);
    }

    @Provides
    DeliverySignalPort deliverySignal(DeliveryWorker worker) {
        return worker;
    }
    @Provides
    @Singleton
    ReleaseHeldMailUseCase releaseHeldMail(HeldMailPort queue, ResolveStoreSettingsUseCase resolver,
                                           DeliverySignalPort signal, Clock clock) {
        return new HeldMailCheck(queue, resolver, signal, clock);
    }

    @Provides
    @Singleton
    PurgeOldMessagesUseCase purgeOldMessages(PurgeMessagesPort queue, RefusedSubmissionsPort refused, Clock clock,
                                             AppConfig config) {
        return new MessageRetentionService(queue, refused, clock, config.delivery().messageRetention());
    }
}
