package dev.storerelay.adapter.relay.inbound;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A raw SMTP client for send/expect scripts: bytes go out exactly as written, replies are read line by line. */
final class SmtpTestClient implements AutoCloseable {
    static final int READ_TIMEOUT_MILLIS = 5_000;

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SmtpTestClient(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** Connects from {@code localAddress}, e.g. 127.0.0.7: on Linux the whole of 127.0.0.0/8 is loopback. */
    SmtpTestClient(int port, String localAddress) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** After the server's {@code 220} to STARTTLS: the TLS handshake over the same connection; throws if it fails. */
    SmtpTestClient startTls(SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
        return this;
    }

    /** Writes the raw bytes in one write call. */
    SmtpTestClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes the text in one write call, so that a pipelined batch leaves in one packet. */
    SmtpTestClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Reads one whole reply and checks that its last line starts with the prefix; returns all its lines. */
    List<String> expect(String prefix) throws IOException {
        List<String> reply = readReply();
        assertThat(reply).as("reply").isNotEmpty();
        assertThat(reply.get(reply.size() - 1)).startsWith(prefix);
        return reply;
    }

    /** Reads replies to a pipelined batch, in order. */
    void expectAll(String... prefixes) throws IOException {
        for (String prefix : prefixes) {
            expect(prefix);
        }
    }

    /** The lines of the next reply (RFC 5321 §4.2.1: the last has a space after the code). */
    List<String> readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                return lines;
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return lines;
            }
        }
    }

    /** Whether the server closed the connection (after anything it still had to say). */
    boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                assertThat(bytes.length > 0 && bytes[bytes.length - 1] == '\r').as("reply line ends in CRLF").isTrue();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
