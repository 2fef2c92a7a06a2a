package dev.storerelay.bootstrap;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Legacy clients submitting continuously, each message to its own recipient, remembering which ones the relay
 * acknowledged with 250 — the messages it promised never to lose.
 */
final class LoadClients implements AutoCloseable {
    private final ExecutorService threads;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicInteger> refused = new ConcurrentHashMap<>();

    /** Starts {@code clients} threads per port; recipients are named {@code <prefix><n>@example.com}. */
    LoadClients(String prefix, int clients, int... smtpPorts) {
        threads = Executors.newFixedThreadPool(clients * smtpPorts.length);
        for (int port : smtpPorts) {
            for (int i = 0; i < clients; i++) {
                RelayClient client = new RelayClient(port);
                threads.submit(() -> {
                    while (!stop.get()) {
                        String recipient = prefix + sequence.incrementAndGet() + "@example.com";
                        try {
                            if (client.send(null, "erp@legacy.local", recipient, "load").startsWith("250")) {
                                acknowledged.add(recipient);
                            }
                        } catch (SMTPSendFailedException e) {
                            refused.computeIfAbsent(e.getReturnCode(), code -> new AtomicInteger()).incrementAndGet();
                        } catch (Exception e) {
                            // refused or the relay is gone: not acknowledged, so nothing was promised
                        }
                    }
                });
            }
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** How many messages the relay refused with this reply code. */
    int refusedWith(int code) {
        AtomicInteger count = refused.get(code);
        return count == null ? 0 : count.get();
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Stops submitting and waits for the clients to finish their current message. */
    @Override
    public void close() {
        stop.set(true);
        threads.shutdown();
        try {
            threads.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
