package dev.storerelay.adapter.relay.testing;

import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;
import org.subethamail.smtp.server.SessionHandler.SessionAcceptance;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * A real SMTP server on loopback standing in for a store's upstream provider (which cannot run here): SubEthaSMTP,
 * optionally offering or requiring STARTTLS and requiring AUTH (a password, or another mechanism such as
 * {@link FakeXoauth2}). It records each delivered message with its envelope,
 * whether TLS was on and who logged in. Recipients whose local part starts with {@code reject} get a 550, those
 * starting with {@code deferonce} a 451 the first time and are taken after that, and other {@code defer}s a 451.
 * {@link #refuseEveryRecipient} makes it refuse every recipient with one reply, as a provider does that refuses the
 * relay's login method or is overloaded.
 */
public final class FakeUpstream implements AutoCloseable {

    /** One message as the upstream received it. {@code login} is null when the client did not authenticate. */
    public record Received(String envelopeFrom, List<String> recipients, byte[] data, boolean tls, String login) {
        public String text() {
            return new String(data, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public enum StartTls { NOT_OFFERED, OFFERED, REQUIRED }

    private final SMTPServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> deferredOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private volatile boolean endSessionsAfterEachMessage;
    private volatile Refusal everyRecipientRefused;

    /** The reply to every RCPT TO, e.g. 550 and "5.7.30 Basic authentication is not supported ...". */
    private record Refusal(int code, String text) {
    }

    private FakeUpstream(int port, StartTls startTls, SSLContext tls, AuthenticationHandlerFactory authentication) {
        SMTPServer.Builder builder = SMTPServer.port(port)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("upstream.test")
                .messageHandlerFactory(this::newHandler)
                .sessionHandler(new SessionHandler() {
                    @Override
                    public SessionAcceptance accept(Session session) {
                        connections.incrementAndGet();
                        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                        return SessionAcceptance.success();
                    }

                    @Override
                    public void onSessionEnd(Session session) {
                        open.decrementAndGet();
                    }
                });
        if (startTls != StartTls.NOT_OFFERED) {
            builder.enableTLS().startTlsSocketFactory(tls).requireTLS(startTls == StartTls.REQUIRED);
        }
        if (authentication != null) {
            builder.authenticationHandlerFactory(authentication).requireAuth();
        }
        server = builder.build();
        server.start();
    }

    public static FakeUpstream plain() {
        return new FakeUpstream(0, StartTls.NOT_OFFERED, null, null);
    }

    /** A plain server on a given port, e.g. one that was down and comes back. */
    public static FakeUpstream plainOn(int port) {
        return new FakeUpstream(port, StartTls.NOT_OFFERED, null, null);
    }

    public static FakeUpstream withStartTls(StartTls startTls, TestCertificates.Issued certificate) {
        return new FakeUpstream(0, startTls, certificate.serverContext(), null);
    }

    public static FakeUpstream withStartTlsAndAuth(StartTls startTls, TestCertificates.Issued certificate, String user, String password) {
        return withAuthentication(startTls, certificate, new EasyAuthenticationHandlerFactory((u, p, ctx) -> {
            if (!u.equals(user) || !p.equals(password)) {
                throw new LoginFailedException("bad credentials");
            }
        }));
    }

    /** A server requiring AUTH with the given mechanisms, e.g. {@link FakeXoauth2}; {@code certificate} null: no STARTTLS. */
    public static FakeUpstream withAuthentication(StartTls startTls, TestCertificates.Issued certificate,
                                                  AuthenticationHandlerFactory authentication) {
        return new FakeUpstream(0, certificate == null ? StartTls.NOT_OFFERED : startTls,
                certificate == null ? null : certificate.serverContext(), authentication);
    }

    public int port() {
        return server.getPortAllocated();
    }

    /** How many SMTP connections clients have opened so far. */
    public int connections() {
        return connections.get();
    }

    /** The most SMTP connections that were open at once so far. */
    public int mostOpenAtOnce() {
        return mostOpen.get();
    }

    /**
     * {@code true}: the server closes each connection once it has taken a message (after its 250), so a client needs a
     * new connection, and a new login, for every message.
     */
    public void endSessionsAfterEachMessage(boolean on) {
        endSessionsAfterEachMessage = on;
    }

    /**
     * From now on every recipient is refused with this reply ({@code code} and the text after it, enhanced status code
     * first), whatever its address; a 4xx code makes the refusal temporary, a 5xx one permanent.
     */
    public void refuseEveryRecipient(int code, String text) {
        everyRecipientRefused = new Refusal(code, text);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> awaitMessages(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= count);
        return received();
    }

    @Override
    public void close() {
        server.stop();
    }

    private MessageHandler newHandler(MessageContext context) {
        return new MessageHandler() {
            private String from;
            private final List<String> recipients = new ArrayList<>();
            private boolean took;

            @Override
            public void from(String from) {
                this.from = from;
            }

            @Override
            public void recipient(String recipient) throws RejectException {
                Refusal refusal = everyRecipientRefused;
                if (refusal != null) {
                    throw new RejectException(refusal.code(), refusal.text());
                }
                String local = recipient.substring(0, Math.max(0, recipient.indexOf('@')));
                if (local.startsWith("reject")) {
                    throw new RejectException(550, "5.1.1 <" + recipient + ">: no such user");
                }
                if (local.startsWith("deferonce")) {
                    if (deferredOnce.add(recipient)) {
                        throw new RejectException(451, "4.2.0 <" + recipient + ">: try again later");
                    }
                } else if (local.startsWith("defer")) {
                    throw new RejectException(451, "4.2.0 <" + recipient + ">: try again later");
                }
                recipients.add(recipient);
            }

            @Override
            public String data(InputStream data) throws IOException {
                boolean tls = context instanceof Session session && session.isTLSStarted();
                String login = context.getAuthenticationHandler()
                        .map(h -> h.getIdentity() == null ? null : h.getIdentity().toString()).orElse(null);
                received.add(new Received(from, List.copyOf(recipients), data.readAllBytes(), tls, login));
                took = true;
                return null;
            }

            /** After the reply to the end of the data (Session.quit() closes at once, before any reply). */
            @Override
            public void done() {
                if (took && endSessionsAfterEachMessage && context instanceof Session session) {
                    try {
                        // Closing TLS waits for the client's close_notify, which a client keeping the connection
                        // for later does not send: wait briefly, not for the session's whole read timeout.
                        session.getSocket().setSoTimeout(200);
                    } catch (java.net.SocketException e) {
                        // closed already
                    }
                    session.quit();
                }
            }
        };
    }
}
