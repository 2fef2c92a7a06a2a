package dev.storerelay.adapter.relay.outbound;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of a connection test: CRLF lines out, SMTP replies in, TLS on top when asked. Everything
 * sent and received goes into the transcript. Each reply must arrive whole within the read timeout, which also
 * bounds every read of the TLS handshake.
 */
final class SmtpProbeChannel implements AutoCloseable {
    /** The same versions the forwarder allows ({@code mail.smtp.ssl.protocols}); TLS 1.0 and 1.1 are deprecated (RFC 8996). */
    private static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /**
     * What Angus does for delivery with {@code mail.smtp.ssl.checkserveridentity=true}: the JDK checks the host name
     * against the certificate during the handshake, with RFC 2830 wildcard rules.
     */
    private static final String HOST_NAME_CHECK = "LDAPS";
    /** Far more than any honest reply; a server streaming without end cannot keep the test (and the admin) waiting. */
    private static final int MAX_REPLY_BYTES = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final SmtpProbeTranscript transcript;
    private final int readTimeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private String lastCommand;

    private SmtpProbeChannel(Socket socket, int readTimeoutMillis, SmtpProbeTranscript transcript) throws IOException {
        this.transcript = transcript;
        this.readTimeoutMillis = readTimeoutMillis;
        use(socket);
    }

    /** A TCP connection to the server; nothing is read or sent yet. */
    static SmtpProbeChannel connect(String host, int port, Duration connectTimeout, Duration readTimeout,
                                    SmtpProbeTranscript transcript) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);            // a dialogue of small writes: see NoDelaySockets
            socket.connect(new InetSocketAddress(host, port), millis(connectTimeout));
            return new SmtpProbeChannel(socket, millis(readTimeout), transcript);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Upgrades the connection after the server's 220 reply to STARTTLS; see {@link #startTls}. */
    SSLSession startTlsAfterReply(SSLSocketFactory tls, String host, int port) throws IOException, SmtpProbeStop {
        // Anything the server sent behind its STARTTLS reply was sent before TLS, yet would be read as if it came
        // through TLS: command injection (CVE-2011-0411). Nothing may be waiting before our ClientHello. (With TLS
        // on connect there is no such reply, and a plain server's greeting may already be there: that is for the
        // handshake to fail on.)
        if (in.available() > 0) {
            throw new SmtpProbeStop("The server sent data right after agreeing to STARTTLS, before TLS was set up; "
                    + "store-relay stops here because such data could have been injected by someone on the way.", false);
        }
        return startTls(tls, host, port);
    }

    /** Puts TLS on the connection and completes the handshake, verifying the certificate chain and the host name. */
    SSLSession startTls(SSLSocketFactory tls, String host, int port) throws IOException {
        SSLSocket secure = (SSLSocket) tls.createSocket(socket, host, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(HOST_NAME_CHECK);
        parameters.setProtocols(TLS_PROTOCOLS);
        secure.setSSLParameters(parameters);
        use(secure);
        secure.startHandshake();
        return secure.getSession();
    }

    void send(String command) throws IOException {
        sendShown(command, command);
    }

    /** Sends {@code command} but shows {@code shown} in the transcript, for AUTH data. */
    void sendShown(String command, String shown) throws IOException {
        lastCommand = shown;
        transcript.client(shown);
        out.write(command.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
        out.flush();
    }

    /** Sends message lines (already dot-stuffed) in one write; they get no reply of their own (RFC 5321 §4.1.1.4). */
    void sendLines(List<String> lines) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String line : lines) {
            transcript.client(line);
            data.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            data.writeBytes(CRLF);
        }
        out.write(data.toByteArray());
        out.flush();
    }

    /** Reads one reply, multi-line or not (RFC 5321 §4.2.1), which must be complete within the read timeout. */
    SmtpProbeReply read() throws IOException, SmtpProbeStop {
        List<String> texts = new ArrayList<>();
        int budget = MAX_REPLY_BYTES;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
        while (true) {
            String line = readLine(budget, deadline);
            budget -= line.length() + CRLF.length;
            transcript.server(line);
            if (!isReplyLine(line)) {
                throw new SmtpProbeStop("The server's answer is not SMTP: \"" + transcript.redact(line) + "\". "
                        + "Check the port number and the secure socket options.", false);
            }
            texts.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpProbeReply(Integer.parseInt(line.substring(0, 3)), texts);
            }
        }
    }

    /** The last command sent as the transcript shows it, or {@code null} before the first. */
    String lastCommand() {
        return lastCommand;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a connection we are done with: nothing to report to the admin.
        }
    }

    private void use(Socket next) throws IOException {
        next.setSoTimeout(readTimeoutMillis);
        socket = next;
        in = new BufferedInputStream(next.getInputStream());
        out = next.getOutputStream();
    }

    /** A line up to LF; a CR before it is dropped. A bare LF is accepted: this is a client reading replies. */
    private String readLine(int budget, long deadline) throws IOException, SmtpProbeStop {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = nextByte(deadline); b != '\n'; b = nextByte(deadline)) {
            if (b < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (line.size() >= budget) {
                throw new SmtpProbeStop("The server's reply is too long (over " + MAX_REPLY_BYTES / 1024
                        + " KiB); it does not behave like an SMTP server.", false);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * The socket timeout alone bounds each wait, so a server sending a byte now and then could hold the test (and
     * the admin's request) for hours; the deadline bounds the whole reply.
     */
    private int nextByte(long deadline) throws IOException {
        if (in.available() == 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("no complete reply within the read timeout");
            }
            socket.setSoTimeout((int) Math.min(left, readTimeoutMillis));
        }
        return in.read();
    }

    /** Three digits, then nothing, a space or a hyphen (RFC 5321 §4.2). */
    private static boolean isReplyLine(String line) {
        if (line.length() < 3 || line.charAt(0) < '2' || line.charAt(0) > '5') {
            return false;
        }
        for (int i = 1; i < 3; i++) {
            if (line.charAt(i) < '0' || line.charAt(i) > '9') {
                return false;
            }
        }
        return line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-';
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }
}
