package dev.storerelay.adapter.relay.outbound;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A one-connection SMTP server on loopback that answers from a script, for what real servers do not do on request:
 * offer only AUTH PLAIN, or send bytes behind their STARTTLS reply. Answers are raw text with CRLFs; {@code null}
 * closes the connection.
 */
final class SmtpProbeScriptedServer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<String> received = new CopyOnWriteArrayList<>();

    SmtpProbeScriptedServer(String greeting, Function<String, String> answers) {
        try {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread thread = new Thread(() -> serve(greeting, answers), "scripted-smtp-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Every line the client sent, unmasked: what really went over the wire. */
    List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private void serve(String greeting, Function<String, String> answers) {
        try (Socket client = listener.accept()) {
            OutputStream out = client.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            out.write(greeting.getBytes(StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                received.add(line);
                String answer = line.equalsIgnoreCase("QUIT") ? "221 2.0.0 Bye\r\n" : answers.apply(line);
                if (answer == null) {
                    return;
                }
                out.write(answer.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // The test closed the listener or the client hung up: the script is over either way.
        }
    }
}
