package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.in.RelayMessageCommand;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.domain.model.UnitId;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Records every command and answers as told; by default accepts into store S1 with ids 1, 2, ... */
final class RecordingRelay implements RelayMessageUseCase {
    private final List<RelayMessageCommand> commands = new CopyOnWriteArrayList<>();
    private volatile Function<RelayMessageCommand, RelayResult> answer =
            command -> new RelayResult.Accepted(new MessageId(commands.size()), UnitId.of("S1"));

    void answerWith(Function<RelayMessageCommand, RelayResult> answer) {
        this.answer = answer;
    }

    @Override
    public RelayResult relay(RelayMessageCommand command) {
        commands.add(command);
        return answer.apply(command);
    }

    List<RelayMessageCommand> commands() {
        return List.copyOf(commands);
    }

    static String text(RelayMessageCommand command) {
        try (InputStream in = command.content().open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
