package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.in.RefusedSubmissionLogUseCase;
import dev.storerelay.application.port.in.StoresOverviewUseCase;

import java.util.Objects;

/** What became of the mail: the delivery log, the submissions the listener refused, and each store's state. */
public record MailUseCases(MessageLogUseCase messages, RefusedSubmissionLogUseCase refused,
                           StoresOverviewUseCase storesOverview) {
    public MailUseCases {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(refused, "refused");
        Objects.requireNonNull(storesOverview, "storesOverview");
    }
}
