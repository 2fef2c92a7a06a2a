package dev.storerelay.adapter.relay;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class MessageLogContextTest {
    private final MessageLogContext context = new MessageLogContext();

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aMessageIsNamedUntilItsScopeClosesAndNothingIsLeftBehind() {
        MessageContextPort.Scope scope = context.enter(new MessageId(17), UnitId.of("store-1"), "<a1@erp.local>");

        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("queueId", "17", "storeId", "store-1",
                "messageId", "<a1@erp.local>"));
        scope.close();
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void theNextMessageNeverCarriesTheFormersMessageId() {
        context.enter(new MessageId(17), UnitId.of("store-1"), "<a1@erp.local>").close();
        MessageContextPort.Scope next = context.enter(new MessageId(18), UnitId.of("store-2"), null);

        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("queueId", "18", "storeId", "store-2"));
        next.close();
    }

    @Test
    void aNestedScopeGivesBackWhatTheThreadNamedBefore() {
        MessageContextPort.Scope client = MessageLogContext.client("192.0.2.7");
        MessageContextPort.Scope received = MessageLogContext.named(null, null, "<a1@erp.local>");
        MessageContextPort.Scope other = context.enter(new MessageId(5), UnitId.of("store-9"), null);

        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("queueId", "5", "storeId", "store-9", "client", "192.0.2.7"));
        other.close();
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("messageId", "<a1@erp.local>", "client", "192.0.2.7"));
        received.close();
        client.close();
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void anotherThreadSeesNothingOfIt() throws Exception {
        MessageContextPort.Scope scope = context.enter(new MessageId(17), UnitId.of("store-1"), "<a1@erp.local>");
        try {
            assertThat(CompletableFuture.supplyAsync(() -> MDC.get("queueId")).get()).isNull();
        } finally {
            scope.close();
        }
    }

    @Test
    void whatAThreadNamesNowIsNamedAgainOnAnotherThreadUntilThatScopeCloses() throws Exception {
        Supplier<MessageContextPort.Scope> current;
        try (MessageContextPort.Scope scope = context.enter(new MessageId(17), UnitId.of("store-1"), "<a1@erp.local>")) {
            current = context.current();
        }

        Map<String, String> seen = CompletableFuture.supplyAsync(() -> {
            MDC.put("queueId", "99");
            Map<String, String> named;
            try (MessageContextPort.Scope scope = current.get()) {
                named = MDC.getCopyOfContextMap();
            }
            assertThat(MDC.get("queueId")).as("the writer's own message again").isEqualTo("99");
            MDC.clear();
            return named;
        }).get();

        assertThat(seen).isEqualTo(Map.of("queueId", "17", "storeId", "store-1", "messageId", "<a1@erp.local>"));
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
}
